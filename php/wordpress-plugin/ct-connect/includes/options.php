<?php
/**
 * The plugin's options: what is stored, its defaults, and what activation sets up.
 *
 * Three options, none of them autoloaded on every page:
 * - ct_connect_token: the Connect API token (never shown again in full once saved);
 * - ct_connect_session_secret: the key the relay seals its session cookies with, generated
 *   on activation and never shown;
 * - ct_connect_settings: everything else (mode, emulator URL, origins, proxies, theme, language).
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings with their defaults filled in.
 *
 * @return array{mode: string, emulator_url: string, allow_origins: string[], trusted_proxies: string[], theme: array<string, string>, locale: string}
 */
function ct_connect_settings() {
	$defaults = array(
		'mode'            => 'live',
		'emulator_url'    => '',
		'allow_origins'   => array(),
		'trusted_proxies' => array(),
		'theme'           => array(),
		'locale'          => '',
	);
	$stored   = get_option( 'ct_connect_settings', array() );
	$settings = array_merge( $defaults, is_array( $stored ) ? array_intersect_key( $stored, $defaults ) : array() );
	foreach ( array( 'allow_origins', 'trusted_proxies', 'theme' ) as $key ) {
		if ( ! is_array( $settings[ $key ] ) ) {
			$settings[ $key ] = array();
		}
	}
	return $settings;
}

/**
 * The session secret, generated (64 random hex digits) when there is none yet.
 *
 * @return string
 */
function ct_connect_session_secret() {
	$secret = get_option( 'ct_connect_session_secret', '' );
	if ( ! is_string( $secret ) || strlen( $secret ) < 64 ) {
		$secret = bin2hex( random_bytes( 32 ) );
		update_option( 'ct_connect_session_secret', $secret, false );
	}
	return $secret;
}

/**
 * Activation: the session secret and the options exist, none autoloaded.
 */
function ct_connect_activate() {
	add_option( 'ct_connect_token', '', '', false );
	add_option( 'ct_connect_settings', array(), '', false );
	ct_connect_session_secret();
}

/**
 * The folder where the relay keeps its rate-limit counts and revoked sessions (when APCu is
 * not there): inside wp-content, refused to web visitors.
 *
 * @return string
 */
function ct_connect_storage_dir() {
	$dir = trailingslashit( WP_CONTENT_DIR ) . 'ct-connect-relay';
	if ( ! is_dir( $dir ) && wp_mkdir_p( $dir ) ) {
		// Apache and LiteSpeed honour these; on other servers the files hold only hashed keys and counts.
		file_put_contents( $dir . '/.htaccess', "<IfModule mod_authz_core.c>\n\tRequire all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n\tDeny from all\n</IfModule>\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
		file_put_contents( $dir . '/index.php', "<?php\n// Silence is golden.\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
	}
	return $dir;
}

/**
 * The emulator's base URL and token, from the token endpoint `ct-connect emulator` prints
 * (http://127.0.0.1:8787/<token>); null when the URL is not one.
 *
 * @param string $url The emulator's token endpoint.
 * @return array{upstream: string, token: string, origin: string}|null
 */
function ct_connect_parse_emulator_url( $url ) {
	$parts = wp_parse_url( trim( (string) $url ) );
	if ( ! is_array( $parts ) || empty( $parts['host'] ) || ! in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true ) ) {
		return null;
	}
	$token = trim( $parts['path'] ?? '', '/' );
	if ( '' === $token || ! preg_match( '/^[A-Za-z0-9._~-]+$/', $token ) ) {
		return null;
	}
	$origin = strtolower( $parts['scheme'] ) . '://' . strtolower( $parts['host'] ) . ( isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '' );
	return array(
		'upstream' => $origin,
		'token'    => $token,
		'origin'   => $origin,
	);
}

/**
 * What the elements offer, from custom-elements.json (written into the plugin by
 * `npm run build` as assets/elements.json): per element its shortcode and attributes, and
 * the --ct-* custom properties they read.
 *
 * @return array{elements: array<string, array{shortcode: string, attributes: array<string, array{type: string, values?: string[]}>}>, cssProperties: string[]}
 */
function ct_connect_elements() {
	static $data = null;
	if ( null === $data ) {
		$file = CT_CONNECT_DIR . '/assets/elements.json';
		$json = is_readable( $file ) ? json_decode( (string) file_get_contents( $file ), true ) : null; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$data = is_array( $json ) && isset( $json['elements'], $json['cssProperties'] ) ? $json : array(
			'elements'      => array(),
			'cssProperties' => array(),
		);
	}
	return $data;
}

/**
 * The language the elements speak: the setting, else the site's locale, as a BCP 47 tag.
 *
 * @return string
 */
function ct_connect_locale() {
	$locale = ct_connect_settings()['locale'];
	if ( '' === $locale ) {
		$locale = determine_locale();
	}
	return str_replace( '_', '-', $locale );
}
