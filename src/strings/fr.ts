import type { StringTable } from './en.ts';

/** Français. */
export const fr: StringTable = {
  required: 'Remplissez ce champ.',
  tooShort: 'Utilisez au moins {n} caractères.',
  tooLong: 'Utilisez au plus {n} caractères.',
  invalid: 'Vérifiez cette valeur.',
  'kind.alnum': 'Utilisez uniquement les lettres A à Z et des chiffres, sans espace.',
  'kind.name':
    'Utilisez des lettres, des chiffres, des espaces, des apostrophes, des traits d’union ou des points.',
  'kind.email': 'Saisissez une adresse e-mail, par exemple nom@exemple.fr.',
  'kind.mobile': 'Saisissez le numéro au format international, chiffres uniquement, sans + ni 0 initial.',
  'kind.id': 'Choisissez une des options.',
  'kind.url': 'Saisissez une adresse web complète commençant par https://.',
  'kind.ip-list': 'Saisissez des adresses IP séparées par des virgules.',
  'kind.dial-prefix': 'Saisissez l’indicatif, chiffres uniquement, sans +.',
  fix: 'Certains champs demandent votre attention. Vérifiez les champs signalés.',
  busy: 'Veuillez patienter…',
  choose: 'Choisissez…',
  optional: '(facultatif)',

  'e.network':
    'Impossible de joindre le serveur. Vérifiez votre connexion Internet et réessayez ; votre saisie est conservée.',
  'e.rate_limited': 'Trop de tentatives en peu de temps. Patientez un instant, puis réessayez.',
  'e.rate_limited_in': 'Trop de tentatives en peu de temps. Patientez {n} secondes, puis réessayez.',
  'e.upstream_timeout':
    'Le service met trop de temps à répondre. Réessayez dans un instant ; votre saisie est conservée.',
  'e.upstream_unreachable':
    'Le service n’est pas disponible pour le moment. Réessayez dans quelques minutes ; votre saisie est conservée.',
  'e.not_signed_in': 'Votre session a pris fin. Reconnectez-vous.',
  'e.setup':
    'La connexion de ce site à Clickatell ne fonctionne pas. Réessayez plus tard ou prévenez le responsable du site.',
  'e.002': 'L’accès depuis votre réseau a été bloqué. Contactez l’assistance Clickatell.',
  'e.003': 'Par sécurité, saisissez les caractères de l’image, puis réessayez.',
  'e.103':
    'Votre adresse e-mail n’est pas encore confirmée. Ouvrez l’e-mail d’activation que nous vous avons envoyé, ou demandez-en un nouveau.',
  'e.104': 'Votre numéro de mobile n’est pas encore confirmé.',
  'e.105': 'Un compte existe déjà avec cette adresse e-mail. Connectez-vous, ou utilisez une autre adresse.',
  'e.106': 'Nous ne pouvons pas ouvrir de compte pour ce pays ou cet emplacement.',
  'e.107': 'Votre adresse e-mail est déjà confirmée. Vous pouvez vous connecter.',
  'e.108': 'Votre numéro de mobile est déjà confirmé.',
  'e.109': 'Ce code promotionnel ne peut pas être utilisé.',
  'e.400': 'L’image a expiré. Saisissez les caractères de la nouvelle image.',
  'e.401': 'Les caractères ne correspondent pas à l’image. Saisissez les caractères de la nouvelle image.',
  'e.404': 'Le nom d’utilisateur ou le mot de passe est incorrect. Vérifiez-les et réessayez.',
  'e.405':
    'Ce nom d’utilisateur et cette adresse e-mail n’appartiennent pas au même compte. Vérifiez-les et réessayez.',
  'e.406': 'Choisissez votre pays.',
  'e.410': 'Lisez et acceptez les conditions générales pour continuer.',
  'e.412': 'Choisissez un type de compte.',
  'e.439': 'Ce nom d’utilisateur est déjà pris. Choisissez-en un autre.',
  'e.999': 'Un problème est survenu de notre côté. Réessayez dans un instant ; votre saisie est conservée.',

  'f.user': 'Nom d’utilisateur',
  'f.password': 'Mot de passe',
  'f.fname': 'Prénom',
  'f.sname': 'Nom',
  'f.email_address': 'Adresse e-mail',
  'f.company': 'Entreprise',
  'f.country_id': 'Pays',
  'f.mobile_number': 'Numéro de mobile',
  'f.account_id': 'Type de compte',
  'f.captcha_code': 'Saisissez les caractères de l’image',

  'captcha.alt':
    'Image de sécurité avec des caractères déformés. Si vous ne pouvez pas la lire, demandez une nouvelle image.',
  'captcha.refresh': 'Nouvelle image',
  'captcha.loading': 'Chargement de l’image…',
  'captcha.refreshed': 'Une nouvelle image est affichée.',

  'login.title': 'Connexion',
  'login.account': 'Votre compte',
  'login.submit': 'Se connecter',
  'login.forgot': 'Mot de passe oublié ?',
  'login.signedIn': 'Connecté en tant que {user}.',
  'login.signOut': 'Se déconnecter',
  'login.signedOut': 'Vous êtes déconnecté.',
  'resend.title': 'Confirmez votre adresse e-mail',
  'resend.intro':
    'Nous pouvons renvoyer l’e-mail d’activation, à l’adresse de l’inscription ou à une nouvelle.',
  'resend.email': 'Nouvelle adresse e-mail (laissez vide pour garder celle de l’inscription)',
  'resend.submit': 'Envoyer l’e-mail d’activation',
  'resend.sent': 'E-mail d’activation envoyé. Ouvrez-le et suivez le lien, puis connectez-vous.',
  'forgot.title': 'Réinitialiser votre mot de passe',
  'forgot.intro':
    'Saisissez votre nom d’utilisateur et l’adresse e-mail de votre compte. Nous vous enverrons un nouveau mot de passe.',
  'forgot.submit': 'M’envoyer un nouveau mot de passe',
  'forgot.sent': 'Consultez vos e-mails : nous vous avons envoyé un nouveau mot de passe.',
  'login.back': 'Retour à la connexion',

  'register.title': 'Créez votre compte',
  'register.mobileHelp': 'Format international, chiffres uniquement, par exemple 33612345678.',
  'register.terms': 'Conditions générales',
  'register.accept': 'J’ai lu et j’accepte les conditions générales',
  'register.submit': 'Créer le compte',
  'register.testMode': 'Mode test : les informations sont vérifiées mais aucun compte n’est créé.',
  'register.doneTitle': 'Consultez vos e-mails',
  'register.done':
    'Nous avons envoyé un lien d’activation à {email}. Ouvrez-le pour activer votre compte, puis connectez-vous.',
  'register.doneTest': 'Toutes les informations sont valides. En mode test, aucun compte n’a été créé.',
  'register.resend': 'Renvoyer l’e-mail',
  'register.resent': 'Nous avons renvoyé l’e-mail d’activation.',

  'sms.title': 'Confirmez votre numéro de mobile',
  'sms.signIn': 'Connectez-vous d’abord, puis confirmez votre numéro de mobile ici.',
  'sms.checking': 'Vérification de votre numéro de mobile…',
  'sms.intro':
    'Votre numéro de mobile n’est pas encore confirmé. Nous vous envoyons un code par SMS : saisissez-le ici pour confirmer le numéro.',
  'sms.done': 'Votre numéro de mobile est confirmé.',
  'sms.doneNumber': 'Votre numéro de mobile {number} est confirmé.',
  'sms.sendTitle': 'Envoyer le code',
  'sms.codeTitle': 'Saisir le code',
  'sms.numberHelp':
    'Laissez vide pour utiliser le numéro donné à l’inscription, ou corrigez-le ici : format international, chiffres uniquement.',
  'sms.send': 'Envoyer le code',
  'sms.resend': 'Envoyer un nouveau code',
  'sms.wait': 'Vous pourrez demander un nouveau code dans {n} s.',
  'sms.ready': 'Vous pouvez maintenant demander un nouveau code.',
  'sms.sent': 'Nous vous avons envoyé un code par SMS : saisissez-le ci-dessous.',
  'sms.submit': 'Confirmer',
  'sms.activated': 'Merci : votre numéro de mobile est confirmé.',
  'f.sms_activation_code': 'Code reçu par SMS',
  'e.100':
    'Nous ne pouvons pas envoyer de SMS à ce numéro. Saisissez un autre numéro de mobile, puis renvoyez le code.',
  'e.101':
    'Nous ne pouvons pas encore livrer de SMS à ce numéro. Saisissez un numéro de mobile d’un autre pays ou d’un autre réseau, puis renvoyez le code.',
  'e.102':
    'Nous avons envoyé à ce compte autant de codes que possible. Saisissez le dernier code reçu, ou contactez l’assistance Clickatell.',
  'e.418': 'Ce code est erroné ou a expiré. Saisissez le code du dernier SMS, ou demandez un nouveau code.',

  'credits.title': 'Acheter des crédits',
  'credits.intro':
    'Achetez des crédits de messages dans votre compte Clickatell. La page s’ouvre dans un nouvel onglet.',
  'credits.signIn': 'Connectez-vous pour acheter des crédits.',
  'credits.button': 'Acheter des crédits',
  'credits.opened': 'La page d’achat de crédits est ouverte dans un nouvel onglet.',
  'credits.blocked':
    'Votre navigateur a bloqué le nouvel onglet. Autorisez les fenêtres pop-up pour ce site, puis réessayez.',
  'credits.unsafe':
    'Nous n’avons pas ouvert la page d’achat : le lien reçu n’est pas sûr. Réessayez plus tard ou prévenez le propriétaire du site.',
  'credits.103':
    'Confirmez d’abord votre adresse e-mail : ouvrez l’e-mail d’activation que nous vous avons envoyé. Vous pourrez ensuite acheter des crédits.',
  'credits.104':
    'Confirmez d’abord votre numéro de mobile, avec le code que nous vous envoyons par SMS. Vous pourrez ensuite acheter des crédits.',

  'connection.title': 'Ajouter une connexion API',
  'connection.intro':
    'Une connexion permet à votre logiciel d’envoyer des messages avec votre compte Clickatell.',
  'connection.signIn': 'Connectez-vous pour ajouter une connexion.',
  'connection.ipHelp': 'Seules ces adresses IP pourront utiliser la connexion. Séparez-les par des virgules.',
  'connection.prefixHelp': 'Remplace le 0 initial des numéros auxquels vous écrivez.',
  'connection.callbackHelp': 'L’adresse où nous signalons l’état de livraison de vos messages.',
  'connection.submit': 'Ajouter la connexion',
  'connection.done': 'Connexion ajoutée.',
  'connection.apiId': 'Votre nouvelle connexion {type}. Son identifiant API :',
  'connection.copy': 'Copier l’identifiant API',
  'connection.copied': 'Identifiant API copié.',
  'connection.copyFailed':
    'Nous n’avons pas pu copier l’identifiant API. Sélectionnez-le et copiez-le vous-même.',
  'connection.another': 'Ajouter une autre connexion',
  'f.connection_id': 'Type de connexion',
  'f.ftp_password': 'Mot de passe FTP',
  'f.api_description': 'Description',
  'f.ip_address': 'Adresses IP autorisées',
  'f.dial_prefix': 'Indicatif par défaut',
  'f.callback_url': 'URL de rappel de livraison',
  'f.callback_type_id': 'Type de rappel',
  'f.callback_username': 'Nom d’utilisateur du rappel',
  'f.callback_password': 'Mot de passe du rappel',

  'terms.title': 'Conditions générales',
  'terms.loading': 'Chargement des conditions générales…',
  'terms.retry': 'Réessayer',

  'kind.ip-bad': '{ip} n’est pas une adresse IPv4 valide. Séparez les adresses par des virgules.',
  'sms.doneTitle': 'Numéro de mobile confirmé',
  show: 'Afficher',
  reveal: 'Afficher le mot de passe',
  'help.user': 'Lettres A à Z, chiffres et @ . _ - +, sans espaces ; {max} caractères au plus.',
  'help.password': 'Lettres A à Z et chiffres, sans espaces ; de {min} à {max} caractères.',
  'register.signedIn': 'Vous êtes connecté en tant que {user} : vous avez déjà un compte.',
  'login.activated': 'Votre adresse e-mail est confirmée. Connectez-vous.',
  'register.signInstead': 'Se connecter plutôt',
};
