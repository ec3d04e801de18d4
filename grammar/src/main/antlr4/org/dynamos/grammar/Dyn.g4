/*
 * Grammar of DynAMOS update scripts (*.dyn). docs/language.md describes
 * what each construct means in the running kernel.
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
    : descriptionDecl
    | kernelDecl
    | sourceDecl
    | knobDecl
    | shadowDecl
    | takeOverDecl
    | viewDecl
    | bindDecl
    | phaseItem
    | phaseDecl
    | SEMI                                   // stray semicolons are harmless
    ;

// What may appear in a phase, and (outside any phase) in the update itself.
phaseItem
    : replaceDecl
    | groupDecl
    | safepointDecl
    | restartDecl
    | hookDecl
    | migrateDecl
    | monitorDecl
    ;

descriptionDecl : DESCRIPTION text=STRING SEMI ;
kernelDecl      : KERNEL pattern=STRING SEMI ;
sourceDecl      : SOURCE path=STRING SEMI ;

// knob guest_uid: u32 = 1000 in 0..65535;
knobDecl
    : KNOB name=IDENT COLON type=IDENT (ASSIGN value=literal)? (IN lo=literal DOTDOT hi=literal)? SEMI
    ;

// shadow task_struct.guest_ticks: u64;
shadowDecl
    : SHADOW struct=IDENT DOT member=IDENT COLON type=IDENT SEMI
    ;

// view file.private_data as pipe_inode_info;   (what a void * field holds, for predicates)
viewDecl
    : VIEW struct=IDENT DOT member=IDENT AS target=IDENT SEMI
    ;

// bind audit_lost_lock: spinlock_t = "kernel/audit.c":audit_log_lost.lock;
// (a static of the running kernel, by unit and function, as a typed name in the update's C)
bindDecl
    : BIND name=IDENT COLON bindType ASSIGN target=functionRef SEMI
    ;
bindType : IDENT+ STAR* ;

// replaces fix_v1;   or   replaces fix_v1 in "fix-v1.dyn";   (a cumulative update)
takeOverDecl
    : REPLACES name=IDENT (IN file=STRING)? SEMI
    ;

// replace F with G [when P];   or   replace F { version G when P; ... default original; }
// or   replace syscall NAME with F;   (a system call: both ABIs' entry points)
replaceDecl
    : REPLACE
      ( SYSCALL syscall=IDENT WITH sysReplacement=IDENT SEMI
      | target=functionRef
        ( WITH replacement=IDENT (WHEN predicate=expr)? SEMI
        | LBRACE versionDecl* defaultDecl? RBRACE
        )
      )
    ;

versionDecl : VERSION name=IDENT (WHEN predicate=expr)? SEMI ;
defaultDecl : DEFAULT (ORIGINAL | name=IDENT) SEMI ;

groupDecl
    : GROUP name=IDENT ATOMIC? LBRACE (replaceDecl | SEMI)* RBRACE
    ;

// safepoint quiescent(sched) timeout 10s retries 5;
safepointDecl
    : SAFEPOINT kind=(IMMEDIATE | QUIESCENT | DRAINED) scope? safepointOption* SEMI
    ;
scope           : LPAREN IDENT (COMMA IDENT)* RPAREN ;
safepointOption : TIMEOUT duration=NUMBER_WITH_UNIT | RETRIES count=INT ;

// restart thread kswapd with kswapd_v2;
restartDecl : RESTART THREAD entry=functionRef WITH replacement=IDENT SEMI ;

phaseDecl : PHASE name=IDENT LBRACE (phaseItem | SEMI)* RBRACE ;

hookDecl    : ON event=(ACTIVATE | REVERT) CALL function=IDENT SEMI ;
migrateDecl : MIGRATE what=IDENT WITH function=IDENT SEMI ;
monitorDecl : MONITOR functionRef (COMMA functionRef)* SEMI ;

// A kernel function: a plain name (compiler-made ones like foo.isra.0 too),
// or a static one disambiguated by the compile unit that defines it
// ("fs/proc/cmdline.c":cmdline_proc_show), or one of a loadable module, by the
// module's name (binfmt_misc:bm_status_read).
functionRef
    : (module=IDENT COLON)? (unit=STRING COLON)? symbolName
    ;
symbolName : IDENT (DOT (IDENT | INT))* ;

// Predicates. Unlike C, & and | bind tighter than comparisons:
// arg.flags & 2 != 0 means (arg.flags & 2) != 0.
expr
    : LPAREN expr RPAREN                                   # parenExpr
    | NOT expr                                             # notExpr
    | expr op=(AMP | PIPE) expr                            # bitExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr           # compareExpr
    | expr AND expr                                        # andExpr
    | expr OR expr                                         # orExpr
    | root=(IDENT | KNOB) (DOT fieldName)*                     # refExpr
    | literal                                              # literalExpr
    ;

// After a dot any word is a field name, keywords included (arg.version).
fieldName
    : IDENT | UPDATE | SOURCE | REPLACE | WITH | WHEN | VERSION | DEFAULT | ORIGINAL | GROUP | ATOMIC
    | KNOB | SHADOW | SAFEPOINT | IMMEDIATE | QUIESCENT | DRAINED | TIMEOUT | RETRIES | RESTART | THREAD
    | PHASE | ON | ACTIVATE | REVERT | CALL | MIGRATE | MONITOR | DESCRIPTION | KERNEL | IN
    | TRUE | FALSE
    ;

literal
    : MINUS? INT
    | STRING
    | TRUE
    | FALSE
    | NUMBER_WITH_UNIT
    ;

// ---- lexer ----

UPDATE      : 'update';
DESCRIPTION : 'description';
KERNEL      : 'kernel';
SOURCE      : 'source';
REPLACES    : 'replaces';
REPLACE     : 'replace';
WITH        : 'with';
WHEN        : 'when';
VERSION     : 'version';
DEFAULT     : 'default';
ORIGINAL    : 'original';
GROUP       : 'group';
ATOMIC      : 'atomic';
KNOB        : 'knob';
IN          : 'in';
SHADOW      : 'shadow';
VIEW        : 'view';
BIND        : 'bind';
SYSCALL     : 'syscall';
AS          : 'as';
SAFEPOINT   : 'safepoint';
IMMEDIATE   : 'immediate';
QUIESCENT   : 'quiescent';
DRAINED     : 'drained';
TIMEOUT     : 'timeout';
RETRIES     : 'retries';
RESTART     : 'restart';
THREAD      : 'thread';
PHASE       : 'phase';
ON          : 'on';
ACTIVATE    : 'activate';
REVERT      : 'revert';
CALL        : 'call';
MIGRATE     : 'migrate';
MONITOR     : 'monitor';
TRUE        : 'true';
FALSE       : 'false';

LBRACE : '{';
RBRACE : '}';
LPAREN : '(';
RPAREN : ')';
SEMI   : ';';
COLON  : ':';
COMMA  : ',';
STAR   : '*';
DOTDOT : '..';
DOT    : '.';
ASSIGN : '=';
EQ     : '==';
NE     : '!=';
LE     : '<=';
GE     : '>=';
LT     : '<';
GT     : '>';
AND    : '&&';
OR     : '||';
NOT    : '!';
AMP    : '&';
PIPE   : '|';
MINUS  : '-';

IDENT : [A-Za-z_] [A-Za-z0-9_]*;

INT : [0-9]+ | '0' [xX] [0-9a-fA-F]+;
// A number with a unit (10s, 500ms); the unit is checked, not lexed, so a
// wrong one gets a clear message.
NUMBER_WITH_UNIT : [0-9]+ [A-Za-z_] [A-Za-z0-9_]*;

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
