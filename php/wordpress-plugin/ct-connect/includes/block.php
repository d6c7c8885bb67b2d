<?php
/**
 * A small block for the block editor: "ct-connect form", one element of the editor's
 * choosing, rendered on the server exactly as its shortcode is (same provider, same script).
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the block and its editor script (plain JavaScript on WordPress's own globals:
 * no build step).
 */
function ct_connect_register_block() {
	$elements = ct_connect_elements()['elements'];
	if ( ! $elements ) {
		return;
	}
	wp_register_script(
		'ct-connect-block-editor',
		plugins_url( 'assets/block/editor.js', CT_CONNECT_FILE ),
		array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
		CT_CONNECT_VERSION,
		true
	);
	wp_add_inline_script( 'ct-connect-block-editor', 'window.ctConnectBlockElements = ' . wp_json_encode( array_keys( $elements ) ) . ';', 'before' );
	wp_set_script_translations( 'ct-connect-block-editor', 'ct-connect', CT_CONNECT_DIR . '/languages' );
	register_block_type(
		'ct-connect/element',
		array(
			'api_version'     => 2,
			'editor_script'   => 'ct-connect-block-editor',
			'render_callback' => 'ct_connect_render_block',
			'attributes'      => array(
				'element' => array(
					'type'    => 'string',
					'default' => 'ct-login',
				),
				'locale'  => array(
					'type'    => 'string',
					'default' => '',
				),
			),
		)
	);
}

/**
 * Renders the block as the element's shortcode renders.
 *
 * @param array<string, mixed> $attributes The block's attributes.
 * @return string
 */
function ct_connect_render_block( $attributes ) {
	$tag      = is_string( $attributes['element'] ?? null ) ? $attributes['element'] : '';
	$elements = ct_connect_elements()['elements'];
	if ( ! isset( $elements[ $tag ] ) ) {
		return '';
	}
	$atts = array();
	if ( is_string( $attributes['locale'] ?? null ) && '' !== $attributes['locale'] ) {
		$atts['locale'] = $attributes['locale'];
	}
	return ct_connect_render_shortcode( $atts, null, $elements[ $tag ]['shortcode'] );
}
