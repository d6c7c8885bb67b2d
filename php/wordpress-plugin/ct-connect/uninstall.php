<?php
/**
 * Uninstall: removes the plugin's options and the relay's stored counts.
 *
 * @package CtConnect
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'ct_connect_token' );
delete_option( 'ct_connect_session_secret' );
delete_option( 'ct_connect_settings' );

$ct_connect_storage = trailingslashit( WP_CONTENT_DIR ) . 'ct-connect-relay';
if ( is_dir( $ct_connect_storage ) ) {
	require_once ABSPATH . 'wp-admin/includes/file.php';
	if ( WP_Filesystem() ) {
		global $wp_filesystem;
		$wp_filesystem->delete( $ct_connect_storage, true );
	}
}
