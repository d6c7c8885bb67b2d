<?php
/**
 * The settings page (Settings → ct-connect), for users who can manage_options only: the
 * Settings API (options.php checks the nonce and the capability when the form is saved).
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

add_action( 'admin_menu', 'ct_connect_admin_menu' );
add_action( 'admin_init', 'ct_connect_register_settings' );
add_filter( 'option_page_capability_ct_connect', 'ct_connect_settings_capability' );

/**
 * The capability needed to see and save the settings.
 *
 * @return string
 */
function ct_connect_settings_capability() {
	return 'manage_options';
}

/**
 * Adds the page under Settings.
 */
function ct_connect_admin_menu() {
	add_options_page(
		__( 'ct-connect', 'ct-connect' ),
		__( 'ct-connect', 'ct-connect' ),
		'manage_options',
		'ct-connect',
		'ct_connect_render_settings_page'
	);
}

/**
 * Registers the options, the sections and the fields.
 */
function ct_connect_register_settings() {
	register_setting(
		'ct_connect',
		'ct_connect_token',
		array(
			'type'              => 'string',
			'sanitize_callback' => 'ct_connect_sanitize_token',
			'show_in_rest'      => false,
			'default'           => '',
		)
	);
	register_setting(
		'ct_connect',
		'ct_connect_settings',
		array(
			'type'              => 'array',
			'sanitize_callback' => 'ct_connect_sanitize_settings',
			'show_in_rest'      => false,
			'default'           => array(),
		)
	);

	add_settings_section( 'ct_connect_api', __( 'Connect API', 'ct-connect' ), 'ct_connect_render_api_section', 'ct-connect' );
	add_settings_field( 'ct_connect_mode', __( 'Mode', 'ct-connect' ), 'ct_connect_render_mode_field', 'ct-connect', 'ct_connect_api' );
	add_settings_field( 'ct_connect_token', __( 'API token', 'ct-connect' ), 'ct_connect_render_token_field', 'ct-connect', 'ct_connect_api', array( 'label_for' => 'ct_connect_token' ) );
	add_settings_field( 'ct_connect_emulator_url', __( 'Emulator URL', 'ct-connect' ), 'ct_connect_render_emulator_field', 'ct-connect', 'ct_connect_api', array( 'label_for' => 'ct_connect_emulator_url' ) );

	add_settings_section( 'ct_connect_network', __( 'Origins and proxies', 'ct-connect' ), '__return_false', 'ct-connect' );
	add_settings_field( 'ct_connect_allow_origins', __( 'Extra allowed origins', 'ct-connect' ), 'ct_connect_render_origins_field', 'ct-connect', 'ct_connect_network', array( 'label_for' => 'ct_connect_allow_origins' ) );
	add_settings_field( 'ct_connect_trusted_proxies', __( 'Trusted proxies', 'ct-connect' ), 'ct_connect_render_proxies_field', 'ct-connect', 'ct_connect_network', array( 'label_for' => 'ct_connect_trusted_proxies' ) );

	add_settings_section( 'ct_connect_look', __( 'Language and look', 'ct-connect' ), '__return_false', 'ct-connect' );
	add_settings_field( 'ct_connect_locale', __( 'Language', 'ct-connect' ), 'ct_connect_render_locale_field', 'ct-connect', 'ct_connect_look', array( 'label_for' => 'ct_connect_locale' ) );
	add_settings_field( 'ct_connect_theme', __( 'Theme tokens', 'ct-connect' ), 'ct_connect_render_theme_field', 'ct-connect', 'ct_connect_look' );
}

/**
 * The token as saved: a new one replaces the old; an empty field keeps the old one (the
 * field never shows it).
 *
 * @param mixed $value The submitted token.
 * @return string
 */
function ct_connect_sanitize_token( $value ) {
	$value = is_string( $value ) ? trim( $value ) : '';
	if ( '' === $value ) {
		$old = get_option( 'ct_connect_token', '' );
		return is_string( $old ) ? $old : '';
	}
	if ( ! preg_match( '/^[A-Za-z0-9._~-]{8,200}$/', $value ) ) {
		add_settings_error( 'ct_connect_token', 'ct_connect_token', __( 'The API token was not saved: it should be the token from your Clickatell account, letters and digits only.', 'ct-connect' ) );
		$old = get_option( 'ct_connect_token', '' );
		return is_string( $old ) ? $old : '';
	}
	return $value;
}

/**
 * Lines of a textarea (or an already sanitized list), trimmed, without empty ones.
 *
 * @param mixed $value A string with one entry per line, or a list.
 * @return string[]
 */
function ct_connect_lines( $value ) {
	if ( is_array( $value ) ) {
		$value = implode( "\n", array_filter( $value, 'is_string' ) );
	}
	if ( ! is_string( $value ) ) {
		return array();
	}
	return array_values( array_filter( array_map( 'trim', preg_split( '/[\r\n,]+/', $value ) ), 'strlen' ) );
}

/**
 * The settings as saved: each value checked, anything unknown dropped, a message for each
 * value refused.
 *
 * @param mixed $input The submitted settings.
 * @return array<string, mixed>
 */
function ct_connect_sanitize_settings( $input ) {
	$input = is_array( $input ) ? $input : array();
	$out   = array(
		'mode'            => ( isset( $input['mode'] ) && 'emulator' === $input['mode'] ) ? 'emulator' : 'live',
		'emulator_url'    => '',
		'allow_origins'   => array(),
		'trusted_proxies' => array(),
		'theme'           => array(),
		'locale'          => '',
	);

	$url = isset( $input['emulator_url'] ) && is_string( $input['emulator_url'] ) ? trim( $input['emulator_url'] ) : '';
	if ( '' !== $url ) {
		if ( null === ct_connect_parse_emulator_url( $url ) ) {
			add_settings_error( 'ct_connect_settings', 'ct_connect_emulator_url', __( 'The emulator URL should be the token endpoint the emulator prints, such as http://127.0.0.1:8787/my-test-token.', 'ct-connect' ) );
		} else {
			$out['emulator_url'] = esc_url_raw( $url, array( 'http', 'https' ) );
		}
	}
	if ( 'emulator' === $out['mode'] && '' === $out['emulator_url'] ) {
		add_settings_error( 'ct_connect_settings', 'ct_connect_mode', __( 'Emulator mode needs the emulator URL.', 'ct-connect' ), 'warning' );
	}

	foreach ( ct_connect_lines( $input['allow_origins'] ?? '' ) as $line ) {
		$origin = ct_connect_origin_of( $line );
		if ( null === $origin ) {
			/* translators: %s: the value that is not an origin. */
			add_settings_error( 'ct_connect_settings', 'ct_connect_allow_origins', sprintf( __( '"%s" is not an origin such as https://www.example.com; it was left out.', 'ct-connect' ), esc_html( $line ) ) );
		} elseif ( ! in_array( $origin, $out['allow_origins'], true ) ) {
			$out['allow_origins'][] = $origin;
		}
	}

	foreach ( ct_connect_lines( $input['trusted_proxies'] ?? '' ) as $line ) {
		if ( ct_connect_is_proxy_address( $line ) ) {
			$out['trusted_proxies'][] = $line;
		} else {
			/* translators: %s: the value that is not an address. */
			add_settings_error( 'ct_connect_settings', 'ct_connect_trusted_proxies', sprintf( __( '"%s" is not an IP address or a CIDR range such as 10.0.0.0/8; it was left out.', 'ct-connect' ), esc_html( $line ) ) );
		}
	}

	$locale = isset( $input['locale'] ) && is_string( $input['locale'] ) ? trim( $input['locale'] ) : '';
	if ( '' !== $locale && preg_match( '/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$/', $locale ) ) {
		$out['locale'] = $locale;
	}

	$theme = isset( $input['theme'] ) && is_array( $input['theme'] ) ? $input['theme'] : array();
	foreach ( ct_connect_elements()['cssProperties'] as $name ) {
		$value = isset( $theme[ $name ] ) && is_string( $theme[ $name ] ) ? trim( $theme[ $name ] ) : '';
		if ( '' === $value ) {
			continue;
		}
		if ( ct_connect_is_safe_css_value( $value ) ) {
			$out['theme'][ $name ] = $value;
		} else {
			/* translators: %s: the custom property's name. */
			add_settings_error( 'ct_connect_settings', 'ct_connect_theme', sprintf( __( 'The value of %s was left out: use a colour, a length or a font name.', 'ct-connect' ), $name ) );
		}
	}
	return $out;
}

/**
 * The origin of an http or https URL (the relay's own rule when its code is there).
 *
 * @param string $value A URL.
 * @return string|null
 */
function ct_connect_origin_of( $value ) {
	if ( ct_connect_load_relay() ) {
		return \CtConnect\Relay\Options::originOf( $value );
	}
	$parts = wp_parse_url( $value );
	if ( ! is_array( $parts ) || empty( $parts['host'] ) || ! in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true ) ) {
		return null;
	}
	return strtolower( $parts['scheme'] . '://' . $parts['host'] ) . ( isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '' );
}

/**
 * Whether a value is an IP address or a CIDR range.
 *
 * @param string $value The value.
 * @return bool
 */
function ct_connect_is_proxy_address( $value ) {
	$parts = explode( '/', $value );
	if ( count( $parts ) > 2 || false === filter_var( $parts[0], FILTER_VALIDATE_IP ) ) {
		return false;
	}
	if ( 1 === count( $parts ) ) {
		return true;
	}
	$max = false !== filter_var( $parts[0], FILTER_VALIDATE_IP, FILTER_FLAG_IPV6 ) ? 128 : 32;
	return ctype_digit( $parts[1] ) && (int) $parts[1] <= $max;
}

/**
 * Renders the settings page.
 */
function ct_connect_render_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'ct-connect' ), 403 );
	}
	?>
	<div class="wrap">
		<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
		<p>
		<?php
		printf(
			/* translators: %s: a shortcode. */
			esc_html__( 'Put a shortcode such as %s on any page. Its forms call this site\'s relay, which holds the API token:', 'ct-connect' ),
			'<code>[ct_login]</code>'
		);
		?>
		<code><?php echo esc_html( rest_url( CT_CONNECT_REST_NAMESPACE . CT_CONNECT_REST_ROUTE ) ); ?></code></p>
		<?php if ( '' === get_option( 'permalink_structure' ) ) : ?>
			<div class="notice notice-warning inline"><p><?php esc_html_e( 'The relay needs pretty permalinks: choose any structure but "Plain" under Settings → Permalinks.', 'ct-connect' ); ?></p></div>
		<?php endif; ?>
		<form action="options.php" method="post">
			<?php
			settings_fields( 'ct_connect' );
			do_settings_sections( 'ct-connect' );
			submit_button();
			?>
		</form>
	</div>
	<?php
}

/**
 * The Connect API section's introduction.
 */
function ct_connect_render_api_section() {
	echo '<p>' . esc_html__( 'Live mode calls the Clickatell Connect API with your token. Emulator mode calls a Connect API emulator instead (run one with: npx ct-connect emulator --token my-test-token), so you can try every form without a token; the pages then say so.', 'ct-connect' ) . '</p>';
}

/**
 * The mode radio buttons.
 */
function ct_connect_render_mode_field() {
	$mode = ct_connect_settings()['mode'];
	?>
	<fieldset>
		<label><input type="radio" name="ct_connect_settings[mode]" value="live" <?php checked( 'live', $mode ); ?> /> <?php esc_html_e( 'Live: the Clickatell Connect API', 'ct-connect' ); ?></label><br />
		<label><input type="radio" name="ct_connect_settings[mode]" value="emulator" <?php checked( 'emulator', $mode ); ?> /> <?php esc_html_e( 'Emulator: for trying the plugin, no token needed', 'ct-connect' ); ?></label>
	</fieldset>
	<?php
}

/**
 * The token field: always empty; says whether a token is saved, showing its last four characters only.
 */
function ct_connect_render_token_field() {
	$token = get_option( 'ct_connect_token', '' );
	?>
	<input type="password" id="ct_connect_token" name="ct_connect_token" value="" class="regular-text" autocomplete="off" spellcheck="false" />
	<p class="description">
	<?php
	if ( is_string( $token ) && '' !== $token ) {
		printf(
			/* translators: %s: the last four characters of the saved token. */
			esc_html__( 'A token is saved (ending in %s). It is never shown again; type a new one to replace it, or leave the field empty to keep it.', 'ct-connect' ),
			'<code>' . esc_html( substr( $token, -4 ) ) . '</code>'
		);
	} else {
		esc_html_e( 'No token is saved yet. Paste the token of your Clickatell Connect API account.', 'ct-connect' );
	}
	?>
	</p>
	<?php
}

/**
 * The emulator URL field.
 */
function ct_connect_render_emulator_field() {
	?>
	<input type="url" id="ct_connect_emulator_url" name="ct_connect_settings[emulator_url]" value="<?php echo esc_attr( ct_connect_settings()['emulator_url'] ); ?>" class="regular-text" placeholder="http://127.0.0.1:8787/my-test-token" />
	<p class="description"><?php esc_html_e( 'The token endpoint the emulator prints when it starts. Used in emulator mode only.', 'ct-connect' ); ?></p>
	<?php
}

/**
 * The extra origins field.
 */
function ct_connect_render_origins_field() {
	?>
	<textarea id="ct_connect_allow_origins" name="ct_connect_settings[allow_origins]" rows="3" class="large-text code"><?php echo esc_textarea( implode( "\n", ct_connect_settings()['allow_origins'] ) ); ?></textarea>
	<p class="description"><?php esc_html_e( 'One per line, such as https://shop.example.com: other sites whose pages may call this relay. This site\'s own origin is always allowed.', 'ct-connect' ); ?></p>
	<?php
}

/**
 * The trusted proxies field.
 */
function ct_connect_render_proxies_field() {
	?>
	<textarea id="ct_connect_trusted_proxies" name="ct_connect_settings[trusted_proxies]" rows="3" class="large-text code"><?php echo esc_textarea( implode( "\n", ct_connect_settings()['trusted_proxies'] ) ); ?></textarea>
	<p class="description"><?php esc_html_e( 'One address or CIDR range per line: the reverse proxies or load balancers in front of this site, whose X-Forwarded-For entry is then taken as the visitor\'s address (for rate limits). Leave empty when visitors reach the site directly.', 'ct-connect' ); ?></p>
	<?php
}

/**
 * The language field.
 */
function ct_connect_render_locale_field() {
	$locale  = ct_connect_settings()['locale'];
	$choices = array(
		'en' => 'English',
		'fr' => 'Français',
		'ar' => 'العربية',
	);
	?>
	<select id="ct_connect_locale" name="ct_connect_settings[locale]">
		<option value="" <?php selected( '', $locale ); ?>>
		<?php
		/* translators: %s: the site's locale, such as en_US. */
		printf( esc_html__( 'The site\'s language (%s)', 'ct-connect' ), esc_html( get_locale() ) );
		?>
		</option>
		<?php foreach ( $choices as $value => $label ) : ?>
			<option value="<?php echo esc_attr( $value ); ?>" lang="<?php echo esc_attr( $value ); ?>" <?php selected( $value, $locale ); ?>><?php echo esc_html( $label ); ?></option>
		<?php endforeach; ?>
	</select>
	<?php
}

/**
 * The theme token fields, one per --ct-* custom property the elements read.
 */
function ct_connect_render_theme_field() {
	$theme = ct_connect_settings()['theme'];
	echo '<p class="description">' . esc_html__( 'CSS values for the elements\' custom properties (a colour such as #0b5fff, a length such as 6px, a font name); empty ones keep the elements\' defaults.', 'ct-connect' ) . '</p>';
	echo '<table class="form-table" role="presentation"><tbody>';
	foreach ( ct_connect_elements()['cssProperties'] as $name ) {
		$id = 'ct_connect_theme' . str_replace( '-', '_', $name );
		printf(
			'<tr><th scope="row"><label for="%1$s"><code>%2$s</code></label></th><td><input type="text" id="%1$s" name="ct_connect_settings[theme][%2$s]" value="%3$s" class="regular-text code" /></td></tr>',
			esc_attr( $id ),
			esc_attr( $name ),
			esc_attr( $theme[ $name ] ?? '' )
		);
	}
	echo '</tbody></table>';
}
