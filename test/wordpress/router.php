<?php
/**
 * The router of PHP's built-in server for the test site: Debian's WordPress code from
 * /usr/share/wordpress (the document root), the site's content (plugins, uploads) from the
 * test's own folder (CT_CONNECT_WP_CONTENT) or Debian's (the default theme), and every
 * other path to WordPress's index.php (pretty permalinks, /wp-json/). WordPress is loaded
 * at this file's top level: its globals break inside a function.
 */

// Debian's wp-config.php picks /etc/wordpress/config-<WORDPRESS_CONFIG>.php.
$_SERVER['WORDPRESS_CONFIG'] = 'ct-connect-test';

$ct_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );

if ( str_starts_with( $ct_path, '/wp-content/' ) ) {
	$ct_types = array(
		'js'    => 'text/javascript',
		'mjs'   => 'text/javascript',
		'css'   => 'text/css',
		'json'  => 'application/json',
		'png'   => 'image/png',
		'jpg'   => 'image/jpeg',
		'svg'   => 'image/svg+xml',
		'woff2' => 'font/woff2',
		'woff'  => 'font/woff',
		'txt'   => 'text/plain',
		'html'  => 'text/html; charset=utf-8',
	);
	$ct_ext = strtolower( pathinfo( $ct_path, PATHINFO_EXTENSION ) );
	foreach ( array( getenv( 'CT_CONNECT_WP_CONTENT' ), '/usr/share/wordpress/wp-content' ) as $ct_root ) {
		$ct_file = realpath( $ct_root . substr( $ct_path, strlen( '/wp-content' ) ) );
		$ct_roots = array( realpath( $ct_root ), '/usr/share/wordpress/wp-content' );
		$ct_inside = false;
		foreach ( $ct_roots as $ct_allowed ) {
			$ct_inside = $ct_inside || ( $ct_file && $ct_allowed && str_starts_with( $ct_file, $ct_allowed . '/' ) );
		}
		if ( $ct_file && $ct_inside && is_file( $ct_file ) && isset( $ct_types[ $ct_ext ] ) ) {
			header( 'Content-Type: ' . $ct_types[ $ct_ext ] );
			header( 'Content-Length: ' . filesize( $ct_file ) );
			readfile( $ct_file );
			return true;
		}
	}
	http_response_code( 404 );
	return true;
}

$ct_file = '/usr/share/wordpress' . $ct_path;
if ( $ct_path !== '/' && ( is_file( $ct_file ) || is_file( rtrim( $ct_file, '/' ) . '/index.php' ) ) ) {
	return false; // A file of WordPress itself (wp-login.php, wp-admin/, wp-includes/...).
}

$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = '/usr/share/wordpress/index.php';
require '/usr/share/wordpress/index.php';
