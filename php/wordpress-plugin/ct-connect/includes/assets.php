<?php
/**
 * The elements' script (the CDN build, shipped in assets/cdn/) and the theme CSS, loaded
 * only on pages that use a shortcode. WordPress 6.1 has no script-module API: the script is
 * a classic handle whose tag gets type="module".
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers and enqueues the script and the theme CSS (once per page).
 */
function ct_connect_enqueue_assets() {
	if ( wp_script_is( 'ct-connect', 'enqueued' ) ) {
		return;
	}
	wp_register_script( 'ct-connect', plugins_url( 'assets/cdn/ct-connect.min.js', CT_CONNECT_FILE ), array(), CT_CONNECT_VERSION, true );
	wp_enqueue_script( 'ct-connect' );
	wp_register_style( 'ct-connect', false, array(), CT_CONNECT_VERSION );
	wp_enqueue_style( 'ct-connect' );
	wp_add_inline_style( 'ct-connect', ct_connect_theme_css() );
}

/**
 * On a post or page whose content holds a shortcode or the block, enqueues early, so that the CSS is in
 * the head (classic themes render the content after the head).
 */
function ct_connect_enqueue_for_singular_content() {
	$post = get_post();
	if ( ! is_singular() || ! $post ) {
		return;
	}
	if ( has_block( 'ct-connect/element', $post ) ) {
		ct_connect_enqueue_assets();
		return;
	}
	foreach ( ct_connect_elements()['elements'] as $element ) {
		if ( has_shortcode( $post->post_content, $element['shortcode'] ) ) {
			ct_connect_enqueue_assets();
			return;
		}
	}
}

/**
 * Makes the elements' script tag a module.
 *
 * @param string $tag    The script tag.
 * @param string $handle Its handle.
 * @return string
 */
function ct_connect_script_loader_tag( $tag, $handle ) {
	if ( 'ct-connect' !== $handle ) {
		return $tag;
	}
	return (string) preg_replace( '/<script(?![^>]*\btype=)/', '<script type="module"', $tag, 1 );
}

/**
 * The CSS for pages with elements: the provider as one block of the content, the
 * emulator notice, and the theme tokens set on the settings page.
 *
 * @return string
 */
function ct_connect_theme_css() {
	$css    = 'ct-connect.ct-connect-wp{display:block}';
	$css   .= '.ct-connect-emulator-notice{border:2px dashed currentColor;padding:.5em 1em}';
	$tokens = '';
	$known  = ct_connect_elements()['cssProperties'];
	foreach ( ct_connect_settings()['theme'] as $name => $value ) {
		if ( in_array( $name, $known, true ) && ct_connect_is_safe_css_value( $value ) ) {
			$tokens .= $name . ':' . $value . ';';
		}
	}
	if ( '' !== $tokens ) {
		$css .= 'ct-connect.ct-connect-wp{' . $tokens . '}';
	}
	return $css;
}

/**
 * Whether a theme token's value can be written into CSS as it is: colours, lengths, font
 * names, nothing that closes the declaration or the block or loads anything.
 *
 * @param mixed $value The value.
 * @return bool
 */
function ct_connect_is_safe_css_value( $value ) {
	return is_string( $value )
		&& '' !== trim( $value )
		&& strlen( $value ) <= 200
		&& 1 === preg_match( '/^[A-Za-z0-9#%(),. \'"+\/-]+$/', $value )
		&& 0 === preg_match( '/url\s*\(|expression|\\\\|\/\*|<|>/i', $value )
		&& 0 === substr_count( $value, '"' ) % 2
		&& 0 === substr_count( $value, "'" ) % 2;
}
