/* The "ct-connect form" block in the editor: a choice of element and a language; the page
   shows the element itself (rendered on the server, as its shortcode). Plain JavaScript on
   WordPress's globals, so the plugin needs no build step of its own. */
( function ( wp, elements ) {
	const el = wp.element.createElement;
	const { __ } = wp.i18n;
	const { InspectorControls, useBlockProps } = wp.blockEditor;
	const { PanelBody, Placeholder, SelectControl, TextControl } = wp.components;

	wp.blocks.registerBlockType( 'ct-connect/element', {
		apiVersion: 2,
		title: __( 'ct-connect form', 'ct-connect' ),
		description: __( 'A Clickatell Connect form: sign-up, sign-in, SMS activation, buying credits and more.', 'ct-connect' ),
		category: 'widgets',
		icon: 'forms',
		attributes: {
			element: { type: 'string', default: 'ct-login' },
			locale: { type: 'string', default: '' },
		},
		edit( { attributes, setAttributes } ) {
			const choose = el( SelectControl, {
				label: __( 'Form', 'ct-connect' ),
				value: attributes.element,
				options: elements.map( ( tag ) => ( { label: '<' + tag + '>', value: tag } ) ),
				onChange: ( element ) => setAttributes( { element } ),
			} );
			return el(
				'div',
				useBlockProps(),
				el(
					InspectorControls,
					null,
					el(
						PanelBody,
						{ title: __( 'Form', 'ct-connect' ) },
						choose,
						el( TextControl, {
							label: __( 'Language (empty: the plugin\'s setting)', 'ct-connect' ),
							value: attributes.locale,
							onChange: ( locale ) => setAttributes( { locale } ),
						} )
					)
				),
				el(
					Placeholder,
					{ icon: 'forms', label: __( 'ct-connect form', 'ct-connect' ), instructions: __( 'Shown to visitors on the published page.', 'ct-connect' ) },
					choose
				)
			);
		},
		save: () => null,
	} );
} )( window.wp, window.ctConnectBlockElements || [] );
