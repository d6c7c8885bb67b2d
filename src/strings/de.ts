import type { StringTable } from './en.ts';

/** Deutsch (Anrede mit „Sie“). */
export const de: StringTable = {
  required: 'Bitte füllen Sie dieses Feld aus.',
  tooShort: 'Verwenden Sie mindestens {n} Zeichen.',
  'tooShort.one': 'Verwenden Sie mindestens {n} Zeichen.',
  tooLong: 'Verwenden Sie höchstens {n} Zeichen.',
  'tooLong.one': 'Verwenden Sie höchstens {n} Zeichen.',
  invalid: 'Bitte prüfen Sie diesen Wert.',
  'kind.alnum': 'Verwenden Sie nur die Buchstaben A bis Z und Ziffern, ohne Leerzeichen.',
  'kind.name': 'Verwenden Sie Buchstaben, Ziffern, Leerzeichen, Apostrophe, Bindestriche oder Punkte.',
  'kind.email': 'Geben Sie eine E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  'kind.mobile': 'Verwenden Sie das internationale Format: nur Ziffern, ohne + und ohne führende 0.',
  'kind.id': 'Wählen Sie eine der Optionen.',
  'kind.url': 'Geben Sie eine vollständige Webadresse ein, die mit https:// beginnt.',
  'kind.ip-list': 'Geben Sie IP-Adressen durch Kommas getrennt ein.',
  'kind.username': 'Verwenden Sie nur die Buchstaben A bis Z, Ziffern und @ . _ - +, ohne Leerzeichen.',
  'kind.ip-bad': '{ip} ist keine gültige IPv4-Adresse. Trennen Sie die Adressen durch Kommas.',
  'kind.dial-prefix': 'Geben Sie die Ländervorwahl ein, nur Ziffern, ohne +.',
  fix: 'Bitte prüfen Sie die markierten Felder.',
  busy: 'Bitte warten…',
  choose: 'Bitte wählen…',
  optional: '(optional)',
  show: 'Anzeigen',
  reveal: 'Passwort anzeigen',

  'e.network':
    'Der Server ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut; Ihre Eingaben bleiben erhalten.',
  'e.406': 'Wählen Sie Ihr Land.',
  'e.410': 'Lesen und akzeptieren Sie die Geschäftsbedingungen, um fortzufahren.',
  'e.412': 'Wählen Sie eine Kontoart.',

  'f.user': 'Benutzername',
  'f.password': 'Passwort',
  'f.fname': 'Vorname',
  'f.sname': 'Nachname',
  'f.email_address': 'E-Mail-Adresse',
  'f.company': 'Firma',
  'f.country_id': 'Land',
  'f.mobile_number': 'Handynummer',
  'f.account_id': 'Kontoart',
  'f.captcha_code': 'Geben Sie die Zeichen aus dem Bild ein',

  'captcha.alt': 'Sicherheitsbild mit verzerrten Zeichen. Nicht lesbar? Fordern Sie ein neues Bild an.',
  'captcha.refresh': 'Neues Bild',
  'captcha.loading': 'Bild wird geladen…',
  'captcha.refreshed': 'Ein neues Bild wird angezeigt.',

  'login.title': 'Anmelden',
  'login.account': 'Ihr Konto',
  'login.submit': 'Anmelden',
  'login.forgot': 'Passwort vergessen?',
  'login.signedIn': 'Angemeldet als {user}.',
  'login.signOut': 'Abmelden',
  'login.signedOut': 'Sie sind abgemeldet.',
  'login.activated': 'Ihre E-Mail-Adresse ist bestätigt. Melden Sie sich an.',
  'resend.title': 'Bestätigen Sie Ihre E-Mail-Adresse',
  'resend.intro':
    'Wir können die Aktivierungs-E-Mail erneut senden, an die registrierte oder an eine neue Adresse.',
  'resend.email': 'Neue E-Mail-Adresse (leer lassen, um die registrierte zu behalten)',
  'resend.submit': 'Aktivierungs-E-Mail senden',
  'resend.sent':
    'Aktivierungs-E-Mail gesendet. Öffnen Sie sie, folgen Sie dem Link und melden Sie sich dann an.',
  'forgot.title': 'Passwort zurücksetzen',
  'forgot.intro':
    'Geben Sie Ihren Benutzernamen und die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen ein neues Passwort per E-Mail.',
  'forgot.submit': 'Neues Passwort per E-Mail senden',
  'forgot.sent': 'Sehen Sie in Ihren E-Mails nach: Wir haben Ihnen ein neues Passwort gesendet.',
  'login.back': 'Zurück zur Anmeldung',

  'register.title': 'Erstellen Sie Ihr Konto',
  'register.mobileHelp': 'Internationales Format, nur Ziffern, zum Beispiel 4915112345678.',
  'help.user': 'Buchstaben A bis Z, Ziffern und @ . _ - +, ohne Leerzeichen; höchstens {max} Zeichen.',
  'help.password': 'Buchstaben A bis Z und Ziffern, ohne Leerzeichen; {min} bis {max} Zeichen.',
  'register.terms': 'Geschäftsbedingungen',
  'register.accept': 'Ich habe die Geschäftsbedingungen gelesen und akzeptiere sie',
  'register.submit': 'Konto erstellen',
  'register.testMode': 'Testmodus: Die Angaben werden geprüft, aber es wird kein Konto erstellt.',
  'register.doneTitle': 'Sehen Sie in Ihren E-Mails nach',
  'register.done':
    'Wir haben einen Aktivierungslink an {email} gesendet. Öffnen Sie ihn und melden Sie sich dann an.',
  'register.doneTest': 'Alle Angaben sind gültig. Im Testmodus wurde kein Konto erstellt.',
  'register.resend': 'E-Mail erneut senden',
  'register.resent': 'Wir haben die Aktivierungs-E-Mail erneut gesendet.',
  'register.signedIn': 'Sie sind als {user} angemeldet: Sie haben bereits ein Konto.',
  'register.signInstead': 'Stattdessen anmelden',

  'sms.title': 'Bestätigen Sie Ihre Handynummer',
  'sms.signIn': 'Melden Sie sich zuerst an und bestätigen Sie dann hier Ihre Handynummer.',
  'sms.checking': 'Ihre Handynummer wird geprüft…',
  'sms.intro':
    'Ihre Handynummer ist noch nicht bestätigt. Wir senden Ihnen einen Code per SMS: Geben Sie ihn hier ein, um die Nummer zu bestätigen.',
  'sms.doneTitle': 'Handynummer bestätigt',
  'sms.done': 'Ihre Handynummer ist bestätigt.',
  'sms.doneNumber': 'Ihre Handynummer {number} ist bestätigt.',
  'sms.sendTitle': 'Code senden',
  'sms.codeTitle': 'Code eingeben',
  'sms.numberHelp':
    'Leer lassen für Ihre registrierte Nummer, oder korrigieren Sie sie: internationales Format, nur Ziffern.',
  'sms.send': 'Code senden',
  'sms.resend': 'Neuen Code senden',
  'sms.wait': 'Sie können in {n} Sekunden einen neuen Code anfordern.',
  'sms.wait.one': 'Sie können in {n} Sekunde einen neuen Code anfordern.',
  'sms.ready': 'Sie können jetzt einen neuen Code anfordern.',
  'sms.sent': 'Wir haben Ihnen einen Code per SMS gesendet: Geben Sie ihn unten ein.',
  'sms.sentTo':
    'Wir haben den Code an {number} gesendet. Falsche Nummer? Korrigieren Sie sie unten und senden Sie einen neuen Code.',
  'sms.submit': 'Bestätigen',
  'sms.activated': 'Vielen Dank: Ihre Handynummer ist bestätigt.',
  'f.sms_activation_code': 'Code aus der SMS',

  'credits.title': 'Guthaben kaufen',
  'credits.intro':
    'Kaufen Sie Nachrichtenguthaben für Ihr Clickatell-Konto. Die Seite öffnet sich in einem neuen Tab.',
  'credits.signIn': 'Melden Sie sich an, um Guthaben zu kaufen.',
  'credits.button': 'Guthaben kaufen',
  'credits.opened': 'Die Seite zum Kauf von Guthaben ist in einem neuen Tab geöffnet.',
  'credits.blocked':
    'Ihr Browser hat den neuen Tab blockiert. Erlauben Sie Pop-ups für diese Website und versuchen Sie es erneut.',
  'credits.unsafe':
    'Wir haben die Seite zum Kauf von Guthaben nicht geöffnet: Der Link dorthin ist nicht sicher. Versuchen Sie es später erneut oder informieren Sie den Betreiber der Website.',

  'connection.title': 'API-Verbindung hinzufügen',
  'connection.intro': 'Über eine Verbindung kann Ihre Software Nachrichten über Ihr Clickatell-Konto senden.',
  'connection.signIn': 'Melden Sie sich an, um eine Verbindung hinzuzufügen.',
  'connection.ipHelp': 'Nur diese IP-Adressen dürfen sie nutzen; trennen Sie sie durch Kommas.',
  'connection.prefixHelp': 'Ersetzt eine führende 0 in den Nummern, an die Sie senden.',
  'connection.callbackHelp': 'Wohin wir den Zustellstatus Ihrer Nachrichten melden.',
  'connection.submit': 'Verbindung hinzufügen',
  'connection.done': 'Verbindung hinzugefügt.',
  'connection.apiId': 'Ihre neue {type}-Verbindung. Ihre API-ID:',
  'connection.copy': 'API-ID kopieren',
  'connection.copied': 'API-ID kopiert.',
  'connection.copyFailed': 'Die API-ID konnte nicht kopiert werden. Markieren und kopieren Sie sie selbst.',
  'connection.another': 'Weitere Verbindung hinzufügen',
  'f.connection_id': 'Verbindungsart',
  'f.ftp_password': 'FTP-Passwort',
  'f.api_description': 'Beschreibung',
  'f.ip_address': 'Zugelassene IP-Adressen',
  'f.dial_prefix': 'Standard-Ländervorwahl',
  'f.callback_url': 'Callback-URL für Zustellberichte',
  'f.callback_type_id': 'Callback-Art',
  'f.callback_username': 'Callback-Benutzername',
  'f.callback_password': 'Callback-Passwort',

  'terms.title': 'Geschäftsbedingungen',
  'terms.loading': 'Geschäftsbedingungen werden geladen…',
  'terms.retry': 'Erneut versuchen',

  'e.rate_limited':
    'Zu viele Versuche in kurzer Zeit. Warten Sie einen Moment und versuchen Sie es dann erneut.',
  'e.rate_limited_in':
    'Zu viele Versuche in kurzer Zeit. Warten Sie {n} Sekunden und versuchen Sie es dann erneut.',
  'e.rate_limited_in.one':
    'Zu viele Versuche in kurzer Zeit. Warten Sie {n} Sekunde und versuchen Sie es dann erneut.',
  'e.upstream_timeout':
    'Der Dienst braucht zu lange für eine Antwort. Versuchen Sie es gleich noch einmal; Ihre Eingaben bleiben erhalten.',
  'e.upstream_unreachable':
    'Der Dienst ist gerade nicht verfügbar. Versuchen Sie es in einigen Minuten erneut; Ihre Eingaben bleiben erhalten.',
  'e.not_signed_in': 'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.',
  'e.setup':
    'Die Verbindung dieser Website zu Clickatell funktioniert nicht. Versuchen Sie es später erneut oder informieren Sie den Betreiber der Website.',
  'e.002':
    'Clickatell lehnt die Anfragen dieser Website derzeit ab. Versuchen Sie es später erneut oder informieren Sie den Betreiber der Website; Ihre Eingaben bleiben erhalten.',
  'e.003': 'Geben Sie zu Ihrer Sicherheit die Zeichen aus dem Bild ein und versuchen Sie es erneut.',
  'e.006': 'Dieses Clickatell-Konto ist nicht aktiv. Wenden Sie sich an den Clickatell-Support.',
  'e.007':
    'Diese Aktion ist derzeit abgeschaltet. Versuchen Sie es später erneut oder informieren Sie den Betreiber der Website.',
  'e.008':
    'Der Clickatell-Dienst ist für diese Website derzeit abgeschaltet. Versuchen Sie es später erneut oder informieren Sie den Betreiber der Website.',
  'e.009':
    'Clickatell hat die Verbindung dieser Website abgelehnt, weil sie nicht sicher ist. Informieren Sie den Betreiber der Website; ein erneuter Versuch hilft nicht.',
  'e.100':
    'An diese Nummer können wir keine SMS senden. Geben Sie eine andere Handynummer ein und senden Sie den Code erneut.',
  'e.101':
    'An diese Nummer können wir noch keine SMS zustellen. Geben Sie eine Handynummer in einem anderen Land oder Netz ein und senden Sie den Code erneut.',
  'e.102':
    'Wir haben diesem Konto so viele Codes gesendet wie möglich. Geben Sie den zuletzt erhaltenen Code ein oder wenden Sie sich an den Clickatell-Support.',
  'e.103':
    'Ihre E-Mail-Adresse ist noch nicht bestätigt. Öffnen Sie die Aktivierungs-E-Mail, die wir Ihnen gesendet haben, oder lassen Sie sie erneut senden.',
  'e.104': 'Ihre Handynummer ist noch nicht bestätigt.',
  'e.105':
    'Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Melden Sie sich stattdessen an oder verwenden Sie eine andere Adresse.',
  'e.106': 'Für dieses Land oder diesen Standort können wir kein Konto eröffnen.',
  'e.107': 'Ihre E-Mail-Adresse ist bereits bestätigt. Sie können sich anmelden.',
  'e.108': 'Ihre Handynummer ist bereits bestätigt.',
  'e.109': 'Dieser Gutscheincode kann nicht verwendet werden.',
  'e.400': 'Das Bild ist abgelaufen. Geben Sie die Zeichen aus dem neuen Bild ein.',
  'e.401': 'Die Zeichen stimmen nicht mit dem Bild überein. Geben Sie die Zeichen aus dem neuen Bild ein.',
  'e.404': 'Benutzername oder Passwort ist falsch. Prüfen Sie beides und versuchen Sie es erneut.',
  'e.405':
    'Dieser Benutzername und diese E-Mail-Adresse gehören nicht zum selben Konto. Prüfen Sie beides und versuchen Sie es erneut.',
  'e.414': 'Einige Angaben fehlen oder sind ungültig. Prüfen Sie das Formular und versuchen Sie es erneut.',
  'e.416': 'Geben Sie eine gültige E-Mail-Adresse ein.',
  'e.417': 'Geben Sie eine gültige Handynummer im internationalen Format ein.',
  'e.418':
    'Dieser Code ist falsch oder abgelaufen. Geben Sie den Code aus der letzten SMS ein oder fordern Sie einen neuen Code an.',
  'e.419': 'Wählen Sie eine Verbindungsart.',
  'e.420': 'Geben Sie ein gültiges FTP-Passwort ein.',
  'e.421': 'Prüfen Sie die Standard-Ländervorwahl: nur Ziffern, ohne +.',
  'e.422': 'Prüfen Sie die zugelassenen IP-Adressen.',
  'e.423': 'Prüfen Sie die Callback-URL für Zustellberichte.',
  'e.424': 'Wählen Sie eine Callback-Art.',
  'e.425': 'Prüfen Sie den Callback-Benutzernamen.',
  'e.426': 'Prüfen Sie das Callback-Passwort.',
  'e.428': 'Prüfen Sie die Beschreibung.',
  'e.429': 'Wir konnten Ihr Land nicht anhand Ihrer Verbindung erkennen. Wählen Sie Ihr Land.',
  'e.431': 'Geben Sie einen gültigen Benutzernamen ein.',
  'e.432': 'Geben Sie ein gültiges Passwort ein.',
  'e.433': 'Geben Sie einen gültigen Vornamen ein.',
  'e.434': 'Geben Sie einen gültigen Nachnamen ein.',
  'e.435': 'Geben Sie einen gültigen Firmennamen ein.',
  'e.437': 'Wählen Sie eine gültige Menge an Guthaben.',
  'e.438': 'Wir finden Ihr Konto nicht. Melden Sie sich erneut an.',
  'e.439': 'Dieser Benutzername ist bereits vergeben. Wählen Sie einen anderen.',
  'e.999':
    'Bei uns ist etwas schiefgelaufen. Versuchen Sie es gleich noch einmal; Ihre Eingaben bleiben erhalten.',
  'credits.103':
    'Bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie die Aktivierungs-E-Mail, die wir Ihnen gesendet haben. Danach können Sie Guthaben kaufen.',
  'credits.104':
    'Bestätigen Sie zuerst Ihre Handynummer mit dem Code, den wir Ihnen per SMS senden. Danach können Sie Guthaben kaufen.',
};
