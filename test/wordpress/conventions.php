<?php
/**
 * WordPress conventions WPCS would check and PHP_CodeSniffer alone does not: every
 * translated string carries the plugin's text domain; every global function, class,
 * constant, option and hook of the plugin carries its prefix. Reads the PHP files under the
 * folder given; prints the violations as JSON (an empty list when there are none).
 * Usage: php conventions.php <plugin folder>
 */

$ct_gettext = array( '__', '_e', '_x', '_ex', '_n', '_nx', 'esc_html__', 'esc_html_e', 'esc_html_x', 'esc_attr__', 'esc_attr_e', 'esc_attr_x' );
$ct_named   = array( 'add_option', 'update_option', 'delete_option', 'register_setting', 'apply_filters', 'do_action' );
$ct_out     = array();
$ct_files   = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $argv[1], FilesystemIterator::SKIP_DOTS ) );

foreach ( $ct_files as $ct_file ) {
	if ( 'php' !== $ct_file->getExtension() ) {
		continue;
	}
	$ct_name   = substr( $ct_file->getPathname(), strlen( $argv[1] ) + 1 );
	$ct_tokens = array_values(
		array_filter(
			token_get_all( file_get_contents( $ct_file->getPathname() ) ),
			static fn ( $t ) => ! is_array( $t ) || ! in_array( $t[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true )
		)
	);
	$ct_depth  = 0; // Braces: 0 is the file's top level.
	$ct_class  = false;
	foreach ( $ct_tokens as $i => $t ) {
		if ( '{' === $t || ( is_array( $t ) && in_array( $t[0], array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ), true ) ) ) {
			++$ct_depth;
			continue;
		}
		if ( '}' === $t ) {
			--$ct_depth;
			if ( 0 === $ct_depth ) {
				$ct_class = false;
			}
			continue;
		}
		if ( ! is_array( $t ) ) {
			continue;
		}
		$next = $ct_tokens[ $i + 1 ] ?? null;
		$prev = $ct_tokens[ $i - 1 ] ?? null;
		if ( T_CLASS === $t[0] && is_array( $next ) && T_STRING === $next[0] ) {
			$ct_class = true;
			if ( ! str_starts_with( $next[1], 'CT_Connect_' ) ) {
				$ct_out[] = "$ct_name:{$t[2]} class {$next[1]} lacks the CT_Connect_ prefix";
			}
		}
		if ( T_FUNCTION === $t[0] && is_array( $next ) && T_STRING === $next[0] && 0 === $ct_depth && ! $ct_class ) {
			if ( ! str_starts_with( $next[1], 'ct_connect_' ) ) {
				$ct_out[] = "$ct_name:{$t[2]} function {$next[1]} lacks the ct_connect_ prefix";
			}
		}
		if ( T_CONST === $t[0] && 0 === $ct_depth && is_array( $next ) && ! str_starts_with( $next[1], 'CT_CONNECT_' ) ) {
			$ct_out[] = "$ct_name:{$t[2]} constant {$next[1]} lacks the CT_CONNECT_ prefix";
		}
		$is_call = T_STRING === $t[0] && '(' === $next && ! ( is_array( $prev ) && in_array( $prev[0], array( T_FUNCTION, T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_NEW ), true ) );
		if ( ! $is_call ) {
			continue;
		}
		// The call's arguments at its own depth.
		$args  = array( array() );
		$level = 0;
		for ( $j = $i + 1; $j < count( $ct_tokens ); $j++ ) {
			$u = $ct_tokens[ $j ];
			if ( '(' === $u || '[' === $u ) {
				++$level;
				if ( 1 === $level ) {
					continue;
				}
			} elseif ( ')' === $u || ']' === $u ) {
				--$level;
				if ( 0 === $level ) {
					break;
				}
			} elseif ( ',' === $u && 1 === $level ) {
				$args[] = array();
				continue;
			}
			$args[ count( $args ) - 1 ][] = $u;
		}
		$literal = static fn ( $arg ) => 1 === count( $arg ) && is_array( $arg[0] ) && T_CONSTANT_ENCAPSED_STRING === $arg[0][0] ? trim( $arg[0][1], '\'"' ) : null;
		if ( in_array( $t[1], $ct_gettext, true ) && 'ct-connect' !== $literal( end( $args ) ) ) {
			$ct_out[] = "$ct_name:{$t[2]} {$t[1]}() without the ct-connect text domain";
		}
		if ( in_array( $t[1], $ct_named, true ) ) {
			$arg   = 'register_setting' === $t[1] ? ( $args[1] ?? array() ) : $args[0];
			$value = $literal( $arg );
			if ( null !== $value && ! str_starts_with( $value, 'ct_connect_' ) ) {
				$ct_out[] = "$ct_name:{$t[2]} {$t[1]}( '$value' ) lacks the ct_connect_ prefix";
			}
		}
	}
}
echo json_encode( $ct_out, JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT ), "\n";
