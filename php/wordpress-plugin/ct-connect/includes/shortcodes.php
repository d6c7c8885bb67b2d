<?php
/**
 * Shortcodes for every element: [ct_register_form], [ct_login], [ct_sms_activate],
 * [ct_buy_credits], [ct_create_connection], [ct_terms] and [ct_captcha]. Their attributes
 * are the elements' own (from custom-elements.json), checked against each attribute's type
 * and escaped. Every shortcode in a post's content shares one <ct-connect> provider, which
 * wraps the content; a shortcode rendered elsewhere (a widget, say) gets its own.
 *
 * Attributes a page author may not set: `endpoint` (visitors' passwords go only to this
 * site's relay) and `allow-http-origin` (the plugin sets it in emulator mode only).
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

/** Attributes the plugin sets itself and a shortcode may not. */
const CT_CONNECT_RESERVED_ATTRIBUTES = array( 'endpoint', 'allow-http-origin' );

/**
 * Registers one shortcode per element (ct-login → [ct_login]).
 */
function ct_connect_register_shortcodes() {
	foreach ( ct_connect_elements()['elements'] as $tag => $element ) {
		add_shortcode( $element['shortcode'], 'ct_connect_render_shortcode' );
	}
}

/**
 * Whether a shortcode of this plugin was rendered in the content being filtered now.
 *
 * @param bool|null $set True to record that one was, false to start over; null to read.
 * @return bool
 */
function ct_connect_content_has_elements( $set = null ) {
	static $has = false;
	if ( null !== $set ) {
		$has = $set;
	}
	return $has;
}

/**
 * Renders one element for its shortcode.
 *
 * @param array<string, string>|string $atts      The shortcode's attributes.
 * @param string|null                  $content   Enclosed content (ignored).
 * @param string                       $shortcode The shortcode's name.
 * @return string
 */
function ct_connect_render_shortcode( $atts, $content, $shortcode ) {
	unset( $content );
	$tag = null;
	foreach ( ct_connect_elements()['elements'] as $name => $element ) {
		if ( $element['shortcode'] === $shortcode ) {
			$tag = $name;
		}
	}
	if ( null === $tag ) {
		return '';
	}
	ct_connect_enqueue_assets();
	$html = '<' . $tag . ct_connect_element_attributes( $tag, is_array( $atts ) ? $atts : array() ) . '></' . $tag . '>';
	if ( doing_filter( 'the_content' ) ) {
		ct_connect_content_has_elements( true );
		return $html;
	}
	return ct_connect_provider( $html );
}

/**
 * The element's attributes from a shortcode's, as HTML (each with a leading space): only
 * the element's own attributes, each checked against its type and escaped.
 *
 * @param string                $tag  The element's tag name.
 * @param array<string, string> $atts The shortcode's attributes (any case; - or _ between words).
 * @return string
 */
function ct_connect_element_attributes( $tag, $atts ) {
	$spec = ct_connect_elements()['elements'][ $tag ]['attributes'] ?? array();
	$out  = '';
	foreach ( $atts as $key => $value ) {
		if ( ! is_string( $key ) ) {
			continue; // A bare word such as [ct_login test-mode]: not an attribute with a value.
		}
		$name = str_replace( '_', '-', strtolower( $key ) );
		if ( ! isset( $spec[ $name ] ) || in_array( $name, CT_CONNECT_RESERVED_ATTRIBUTES, true ) ) {
			continue;
		}
		$value = trim( (string) $value );
		switch ( $spec[ $name ]['type'] ) {
			case 'boolean':
				if ( in_array( strtolower( $value ), array( '1', 'true', 'yes', 'on', $name ), true ) ) {
					$out .= ' ' . $name;
				}
				break;
			case 'number':
				if ( is_numeric( $value ) ) {
					$out .= ' ' . $name . '="' . esc_attr( (string) ( 0 + $value ) ) . '"';
				}
				break;
			case 'enum':
				if ( in_array( $value, $spec[ $name ]['values'] ?? array(), true ) ) {
					$out .= ' ' . $name . '="' . esc_attr( $value ) . '"';
				}
				break;
			default:
				if ( 'activation-redirect' === $name ) {
					// Only a page of this site: the activation email must not lead visitors elsewhere.
					$value = wp_validate_redirect( esc_url_raw( $value ), '' );
					if ( '' === $value ) {
						break;
					}
				}
				$out .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
	}
	if ( 'ct-buy-credits' === $tag ) {
		$emulator = ct_connect_emulator_origin();
		if ( null !== $emulator ) {
			$out .= ' allow-http-origin="' . esc_attr( $emulator ) . '"';
		}
	}
	return $out;
}

/**
 * The emulator's origin in emulator mode (its buy-credits page is plain http), else null.
 *
 * @return string|null
 */
function ct_connect_emulator_origin() {
	$settings = ct_connect_settings();
	if ( 'emulator' !== $settings['mode'] ) {
		return null;
	}
	$emulator = ct_connect_parse_emulator_url( $settings['emulator_url'] );
	return null === $emulator ? null : $emulator['origin'];
}

/**
 * Wraps markup in the <ct-connect> provider (this site's relay, the language), with the
 * emulator-mode notice before it when that mode is on.
 *
 * @param string $html Markup holding elements.
 * @return string
 */
function ct_connect_provider( $html ) {
	$notice = '';
	if ( 'emulator' === ct_connect_settings()['mode'] ) {
		$notice = '<p class="ct-connect-emulator-notice" role="note">' . esc_html__( 'Emulator mode: these forms talk to a Connect API emulator, not to Clickatell. No real account is created and no message is sent.', 'ct-connect' ) . '</p>';
	}
	return $notice . '<ct-connect class="ct-connect-wp" endpoint="' . esc_attr( ct_connect_endpoint_path() ) . '" locale="' . esc_attr( ct_connect_locale() ) . '">' . $html . '</ct-connect>';
}

/**
 * Wraps a post's content in one provider when it holds elements (the_content, after
 * do_shortcode), so that all of them share one session and one set of caches.
 *
 * @param string $content The rendered content.
 * @return string
 */
function ct_connect_wrap_content( $content ) {
	if ( ! ct_connect_content_has_elements() ) {
		return $content;
	}
	ct_connect_content_has_elements( false );
	return ct_connect_provider( $content );
}
