<?php
/**
 * The relay as a REST route of this site: /wp-json/ct-connect/v1/connect, with /session and
 * /logout beside it, answered by the PHP relay (CtConnect\Relay\Relay) and nothing else.
 *
 * Why WordPress's own login cookies and REST nonces play no part, and why that is safe:
 * - The relay never acts as the WordPress user. It acts only as the Clickatell user whose
 *   sealed session cookie (its own, HttpOnly, SameSite=Strict, encrypted) the browser
 *   sends, or with the user name and password in the request itself. A WordPress login
 *   grants nothing here, so there is nothing for a WordPress nonce to protect.
 * - Forged cross-site requests are stopped by the relay's own CSRF model: every call needs
 *   the X-CT-Connect: 1 header, which a foreign page can only send after a CORS preflight,
 *   and the relay answers preflights (and every call with an Origin header) only for this
 *   site's own origin and the extra origins set on the settings page.
 * - The route is answered when WordPress parses the request, before its REST server runs:
 *   the relay sees the real HTTP method (WordPress's _method and X-HTTP-Method-Override
 *   are never applied), writes every answer header itself (WordPress's REST CORS headers,
 *   which echo any origin, are never sent), and works the same for visitors and signed-in
 *   editors, whatever REST authentication filters other plugins add (some close the REST
 *   API to visitors).
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

const CT_CONNECT_REST_NAMESPACE = 'ct-connect/v1';
const CT_CONNECT_REST_ROUTE     = '/connect';

/**
 * Loads the PHP relay's classes: the copy the zip carries (relay/), or, in a clone of the
 * repository, php/relay beside this plugin's folder.
 *
 * @return bool Whether the relay's classes are there.
 */
function ct_connect_load_relay() {
	if ( class_exists( '\CtConnect\Relay\Relay', false ) ) {
		return true;
	}
	foreach ( array( CT_CONNECT_DIR . '/relay/src/autoload.php', dirname( CT_CONNECT_DIR, 2 ) . '/relay/src/autoload.php' ) as $autoload ) {
		if ( is_readable( $autoload ) ) {
			require_once $autoload;
			return class_exists( '\CtConnect\Relay\Relay' );
		}
	}
	return false;
}

/**
 * The endpoint's path on this site, as the browser calls it (/wp-json/ct-connect/v1/connect).
 *
 * @return string
 */
function ct_connect_endpoint_path() {
	return (string) wp_parse_url( rest_url( CT_CONNECT_REST_NAMESPACE . CT_CONNECT_REST_ROUTE ), PHP_URL_PATH );
}

/**
 * The relay's options from the settings, or a WP_Error saying what is missing.
 *
 * @return array<string, mixed>|WP_Error
 */
function ct_connect_relay_config() {
	$settings = ct_connect_settings();
	$config   = array(
		'session_secret' => ct_connect_session_secret(),
		'path'           => untrailingslashit( ct_connect_endpoint_path() ),
		'allow_origins'  => array_values( $settings['allow_origins'] ),
		'storage_dir'    => ct_connect_storage_dir(),
	);
	if ( $settings['trusted_proxies'] ) {
		$config['trust_proxy'] = array_values( $settings['trusted_proxies'] );
	}
	if ( 'emulator' === $settings['mode'] ) {
		$emulator = ct_connect_parse_emulator_url( $settings['emulator_url'] );
		if ( null === $emulator ) {
			return new WP_Error( 'ct_connect_not_configured', __( 'Emulator mode is on but no emulator URL is set.', 'ct-connect' ) );
		}
		$config['token']       = $emulator['token'];
		$config['upstream']    = $emulator['upstream'];
		$config['dev_origins'] = array( $emulator['origin'] );
	} else {
		$token = get_option( 'ct_connect_token', '' );
		if ( ! is_string( $token ) || '' === $token ) {
			return new WP_Error( 'ct_connect_not_configured', __( 'No Connect API token is set.', 'ct-connect' ) );
		}
		$config['token'] = $token;
	}
	/**
	 * Filters the PHP relay's options (snake_case keys, see the relay's documentation) before the relay is built.
	 *
	 * @param array<string, mixed> $config The options.
	 */
	return apply_filters( 'ct_connect_relay_options', $config );
}

/**
 * Registers the relay's routes, so that they are listed in the REST index. HTTP requests
 * to them are answered by ct_connect_parse_request, before the REST server runs (see
 * above); the callback answers only calls dispatched inside PHP (rest_do_request).
 */
function ct_connect_register_rest_routes() {
	$args = array(
		'methods'             => array( 'GET', 'HEAD', 'POST', 'OPTIONS' ),
		'callback'            => 'ct_connect_rest_internal',
		// The relay decides for itself (origin allowlist, X-CT-Connect header, its own sessions).
		'permission_callback' => '__return_true',
	);
	register_rest_route( CT_CONNECT_REST_NAMESPACE, CT_CONNECT_REST_ROUTE, $args );
	register_rest_route( CT_CONNECT_REST_NAMESPACE, CT_CONNECT_REST_ROUTE . '/(?P<endpoint>[A-Za-z0-9_.-]+)', $args );
}

/**
 * Answers every HTTP request under the relay's route with the relay (parse_request, before
 * rest_api_loaded hands the request to WordPress's REST server).
 *
 * @param WP $wp The request WordPress has parsed.
 */
function ct_connect_parse_request( $wp ) {
	$path  = isset( $wp->query_vars['rest_route'] ) && is_string( $wp->query_vars['rest_route'] ) ? untrailingslashit( $wp->query_vars['rest_route'] ) : '';
	$route = '/' . CT_CONNECT_REST_NAMESPACE . CT_CONNECT_REST_ROUTE;
	if ( $path === $route || str_starts_with( $path, $route . '/' ) ) {
		ct_connect_serve_relay();
	}
}

/**
 * The route's answer to a call dispatched inside PHP, which has no browser behind it.
 *
 * @return WP_Error
 */
function ct_connect_rest_internal() {
	return new WP_Error( 'ct_connect_http_only', __( 'The relay answers HTTP requests from browsers only.', 'ct-connect' ), array( 'status' => 400 ) );
}

/**
 * Hands the request PHP is serving to the relay and sends the relay's answer, replacing
 * every header WordPress has set so far; then ends the request.
 */
function ct_connect_serve_relay() {
	$answer = ct_connect_relay_answer();
	// Nothing WordPress or another plugin buffered or set goes out with the relay's answer.
	while ( ob_get_level() > 0 ) {
		ob_end_clean();
	}
	if ( ! headers_sent() ) {
		header_remove();
	}
	$answer->send();
	exit;
}

/**
 * The relay's answer to the request PHP is serving.
 *
 * @return \CtConnect\Relay\Response
 */
function ct_connect_relay_answer() {
	if ( ! ct_connect_load_relay() ) {
		return ct_connect_unavailable( __( 'The relay\'s code is missing from the plugin: install the plugin from its zip.', 'ct-connect' ) );
	}
	$config = ct_connect_relay_config();
	if ( is_wp_error( $config ) ) {
		return ct_connect_unavailable( $config->get_error_message() );
	}
	try {
		$relay = new \CtConnect\Relay\Relay( \CtConnect\Relay\Options::fromArray( $config ) );
	} catch ( \InvalidArgumentException $e ) {
		return ct_connect_unavailable( __( 'The relay\'s settings are not valid; see the ct-connect settings page.', 'ct-connect' ) );
	}
	// WordPress adds slashes to $_SERVER (wp_magic_quotes); the relay reads the request as sent.
	$slashed = $_SERVER;
	$_SERVER = wp_unslash( $_SERVER ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- the relay validates every part of the request itself.
	try {
		$request = \CtConnect\Relay\Request::fromGlobals();
	} finally {
		$_SERVER = $slashed;
	}
	return $relay->handle( $request );
}

/**
 * The answer when the relay cannot run yet: not_configured (503), in the relay's JSON
 * shape, no-store, with a message saying what is missing.
 *
 * @param string $message What is missing, for the site owner reading the answer.
 * @return \CtConnect\Relay\Response
 */
function ct_connect_unavailable( $message ) {
	$body = wp_json_encode(
		array(
			'action'    => null,
			'ok'        => false,
			'errors'    => array(
				array(
					'code'    => 'not_configured',
					'message' => $message,
				),
			),
			'timestamp' => time(),
		)
	);
	$headers = array(
		array( 'Content-Type', 'application/json; charset=utf-8' ),
		array( 'Cache-Control', 'no-store' ),
		array( 'X-Content-Type-Options', 'nosniff' ),
	);
	if ( class_exists( '\CtConnect\Relay\Protocol' ) ) {
		// The code's status, like every relay refusal's, is data in src/protocol/contract.ts.
		$status = \CtConnect\Relay\Protocol::relayError( 'not_configured' )['status'];
		return new \CtConnect\Relay\Response( $status, $headers, (string) $body );
	}
	// Only when the plugin was copied without the relay's code, which holds that data.
	return new CT_Connect_Plain_Response( 503, $headers, (string) $body );
}

/**
 * An answer sent when even the relay's Response class is missing from the plugin.
 */
final class CT_Connect_Plain_Response {
	/**
	 * Builds the answer.
	 *
	 * @param int                          $status  HTTP status.
	 * @param list<array{string, string}> $headers Header name and value pairs.
	 * @param string                       $body    The body.
	 */
	public function __construct( public int $status, public array $headers, public string $body ) {
	}

	/** Sends the answer. */
	public function send(): void {
		http_response_code( $this->status );
		foreach ( $this->headers as $header ) {
			header( $header[0] . ': ' . $header[1], false );
		}
		echo $this->body; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON, served as application/json with nosniff.
	}
}
