/*
 * Grammar of DynAMOS update scripts (*.dyn).
 *
 * Only org.dynamos.syntax.Parser touches the classes ANTLR generates from
 * this file; everything after parsing works on the AST records.
 */
grammar Dyn;

script
    : update* EOF
    ;

update
    : UPDATE name=IDENT LBRACE updateItem* RBRACE
    ;

updateItem
    : sourceDecl
    | replaceDecl
    | SEMI                                   // stray semicolons are harmless
    ;

sourceDecl
    : SOURCE path=STRING SEMI
    ;

replaceDecl
    : REPLACE target=functionRef WITH replacement=IDENT SEMI
    ;

// A kernel function: a plain name, or a static one disambiguated by the
// compile unit that defines it ("fs/proc/cmdline.c":cmdline_proc_show).
functionRef
    : (unit=STRING COLON)? name=IDENT
    ;

// ---- lexer ----

UPDATE  : 'update';
SOURCE  : 'source';
REPLACE : 'replace';
WITH    : 'with';

LBRACE : '{';
RBRACE : '}';
SEMI   : ';';
COLON  : ':';

IDENT : [A-Za-z_] [A-Za-z0-9_.]*;

STRING : '"' ( ESC | ~["\\\r\n] )* '"';
// A string that reaches the end of its line: reported as its own error.
UNTERMINATED_STRING : '"' ( ESC | ~["\\\r\n] )*;
fragment ESC : '\\' ["\\nt];

LINE_COMMENT  : '//' ~[\r\n]* -> skip;
BLOCK_COMMENT : '/*' .*? '*/' -> skip;
// A block comment that never closes: reported as its own error.
UNTERMINATED_COMMENT : '/*' ~[*]* ( '*'+ ~[*/] ~[*]* )* '*'* EOF;

WS : [ \t\r\n\f]+ -> skip;

// Anything else is one bad character; the parser reports it.
BAD_CHAR : . ;
