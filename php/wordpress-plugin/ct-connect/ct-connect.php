<?php
/**
 * Plugin Name:       ct-connect
 * Plugin URI:        https://github.com/ct-connect/ct-connect
 * Description:       Clickatell Connect sign-up, sign-in, SMS activation and buying credits on any page, through shortcodes, with the relay that holds the API token inside this site.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            ct-connect
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       ct-connect
 * Domain Path:       /languages
 *
 * @package CtConnect
 */

defined( 'ABSPATH' ) || exit;

define( 'CT_CONNECT_VERSION', '0.1.0' );
define( 'CT_CONNECT_FILE', __FILE__ );
define( 'CT_CONNECT_DIR', __DIR__ );

require_once __DIR__ . '/includes/options.php';
require_once __DIR__ . '/includes/relay.php';
require_once __DIR__ . '/includes/shortcodes.php';
require_once __DIR__ . '/includes/assets.php';
require_once __DIR__ . '/includes/block.php';

if ( is_admin() ) {
	require_once __DIR__ . '/includes/settings.php';
}

register_activation_hook( __FILE__, 'ct_connect_activate' );

add_action( 'init', 'ct_connect_load_textdomain' );
add_action( 'init', 'ct_connect_register_shortcodes' );
add_action( 'init', 'ct_connect_register_block' );
add_action( 'rest_api_init', 'ct_connect_register_rest_routes' );
add_action( 'parse_request', 'ct_connect_parse_request', 0 );
add_action( 'wp_enqueue_scripts', 'ct_connect_enqueue_for_singular_content' );
add_filter( 'script_loader_tag', 'ct_connect_script_loader_tag', 10, 2 );
add_filter( 'the_content', 'ct_connect_wrap_content', 12 );

/**
 * Loads the plugin's translations.
 */
function ct_connect_load_textdomain() {
	load_plugin_textdomain( 'ct-connect', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
}
