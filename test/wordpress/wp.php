<?php
/**
 * Test helper run with php-cli: sets the test site up and reads it, as wp-cli would (it is
 * not packaged in Debian 12). Usage: php wp.php <command> [args...]; prints JSON.
 *   install <admin password> <editor password>         a fresh site, pretty permalinks
 *   install-plugin <zip>                               Plugin_Upgrader, then activate_plugin()
 *   page <title> <content>                             a published page; prints its URL
 *   shortcode <text>                                   do_shortcode() of the text
 *   settings <json>                                    merges the JSON into ct_connect_settings
 *   set-option <name> <value>                          sets an option
 *   option <name>                                      an option's value
 *   uninstall                                          deactivates and uninstalls the plugin
 * Needs CT_CONNECT_WP_CONFIG (the site's config file) and CT_CONNECT_WP_URL in the environment.
 */

$ct_command = $argv[1] ?? '';
$ct_url = getenv( 'CT_CONNECT_WP_URL' );
$_SERVER['HTTP_HOST'] = parse_url( $ct_url, PHP_URL_HOST ) . ':' . parse_url( $ct_url, PHP_URL_PORT );
$_SERVER['WORDPRESS_CONFIG'] = 'ct-connect-test';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = parse_url( $ct_url, PHP_URL_HOST );
if ( 'install' === $ct_command ) {
	define( 'WP_INSTALLING', true );
}
// No mail server here: nothing is sent.
function wp_mail() {
	return true;
}
require '/usr/share/wordpress/wp-load.php';

function ct_out( $value ) {
	echo json_encode( $value, JSON_UNESCAPED_SLASHES ), "\n";
	exit( 0 );
}

function ct_fail( $message ) {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
}

switch ( $ct_command ) {
	case 'install':
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$result = wp_install( 'ct-connect test site', 'admin', 'admin@example.com', true, '', $argv[2] );
		update_option( 'permalink_structure', '/%postname%/' );
		global $wp_rewrite;
		$wp_rewrite->init();
		$wp_rewrite->set_permalink_structure( '/%postname%/' );
		flush_rewrite_rules( false );
		$editor = wp_insert_user(
			array(
				'user_login' => 'editor',
				'user_pass'  => $argv[3],
				'user_email' => 'editor@example.com',
				'role'       => 'editor',
			)
		);
		if ( is_wp_error( $editor ) ) {
			ct_fail( $editor->get_error_message() );
		}
		ct_out( array( 'admin' => $result['user_id'], 'editor' => $editor ) );
		// no break.
	case 'install-plugin':
		require_once ABSPATH . 'wp-admin/includes/admin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
		wp_set_current_user( 1 );
		$upgrader = new Plugin_Upgrader( new Automatic_Upgrader_Skin() );
		$installed = $upgrader->install( $argv[2] );
		if ( true !== $installed ) {
			ct_fail( 'install failed: ' . wp_json_encode( is_wp_error( $installed ) ? $installed->get_error_messages() : $upgrader->skin->get_upgrade_messages() ) );
		}
		$activated = activate_plugin( 'ct-connect/ct-connect.php' );
		if ( is_wp_error( $activated ) ) {
			ct_fail( 'activation failed: ' . $activated->get_error_message() );
		}
		ct_out( array( 'active' => is_plugin_active( 'ct-connect/ct-connect.php' ) ) );
		// no break.
	case 'page':
		wp_set_current_user( 1 ); // An administrator: the content is stored as written (unfiltered_html).
		$id = wp_insert_post(
			array(
				'post_type'    => 'page',
				'post_status'  => 'publish',
				'post_title'   => $argv[2],
				'post_content' => $argv[3],
				'post_author'  => 1,
			),
			true
		);
		if ( is_wp_error( $id ) ) {
			ct_fail( $id->get_error_message() );
		}
		ct_out( array( 'id' => $id, 'url' => get_permalink( $id ) ) );
		// no break.
	case 'shortcode':
		ct_out( do_shortcode( $argv[2] ) );
		// no break.
	case 'settings':
		$settings = array_merge( get_option( 'ct_connect_settings', array() ), json_decode( $argv[2], true ) );
		update_option( 'ct_connect_settings', $settings );
		ct_out( $settings );
		// no break.
	case 'set-option':
		update_option( $argv[2], $argv[3] );
		ct_out( get_option( $argv[2], null ) );
		// no break.
	case 'option':
		ct_out( get_option( $argv[2], null ) );
		// no break.
	case 'uninstall':
		require_once ABSPATH . 'wp-admin/includes/admin.php';
		wp_set_current_user( 1 );
		deactivate_plugins( 'ct-connect/ct-connect.php' );
		$deleted = delete_plugins( array( 'ct-connect/ct-connect.php' ) );
		ct_out( array( 'deleted' => true === $deleted ) );
		// no break.
	default:
		ct_fail( 'unknown command: ' . $ct_command );
}
