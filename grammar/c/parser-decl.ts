// C declaration grammar (C11 §6.7, §6.9 plus GNU attributes, asm labels, typeof and `__auto_type`):
// declaration specifiers, struct/union/enum specifiers with bitfields and anonymous members, declarators
// (pointers, arrays, functions, parenthesised), abstract declarators, type names, initialisers with
// designators, `_Static_assert`. Typedef names are declared into the parser's scope as their declarators
// complete, so later tokens classify correctly. In: CToken stream; out: CST nodes named after the rules.
import { CExpressionRules } from './parser-expr.js';
import * as T from './tokens.js';

export abstract class CDeclarationRules extends CExpressionRules {
  /** Whether the last completed declarationSpecifiers contained `typedef`. */
  protected lastSpecsTypedef = false;
  /** In the declarationSpecifiers being parsed: a type specifier was seen / `typedef` was seen. */
  private specSeenType = false;
  private specTypedef = false;

  private sawType(): void {
    this.ACTION(() => void (this.specSeenType = true));
  }

  constructor(validate: boolean) {
    super(validate);

    // translationUnit := externalDeclaration*
    this.translationUnit = this.RULE('translationUnit', () => {
      this.MANY(() => {
        this.SUBRULE(this.externalDeclaration);
        this.ACTION(() => this.streamExternals());
      });
    });

    // externalDeclaration := ';' | Pragma | staticAssertDeclaration | asmStatement
    //   | declarationSpecifiers ( ';'
    //                           | declarator ( compoundStatement                       -- function definition
    //                                        | initDeclaratorTail (',' initDeclarator)* ';' ) )
    this.externalDeclaration = this.RULE('externalDeclaration', () => {
      // (the outer alternatives are built once; the inner ones use `typedef`, so they are not)
      this.OR(this.cached('externalDeclaration', () => [
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.CONSUME(T.Pragma) },
        { ALT: () => this.SUBRULE(this.staticAssertDeclaration) },
        { ALT: () => this.SUBRULE(this.asmStatement) },
        {
          ALT: () => {
            let typedef = false;
            this.SUBRULE(this.declarationSpecifiers);
            this.ACTION(() => (typedef = this.lastSpecsTypedef));
            this.OR2([
              { ALT: () => this.CONSUME2(T.Semicolon) },
              {
                ALT: () => {
                  this.SUBRULE(this.declarator);
                  this.ACTION(() => this.declareName(this.lastDeclName, typedef));
                  this.OR3([
                    {
                      ALT: () => {
                        this.SUBRULE(this.compoundStatement, { ARGS: [true] });
                      },
                    },
                    {
                      ALT: () => {
                        this.SUBRULE(this.initDeclaratorTail);
                        this.MANY(() => {
                          this.CONSUME(T.Comma);
                          this.SUBRULE(this.initDeclarator, { ARGS: [typedef] });
                        });
                        this.CONSUME3(T.Semicolon);
                      },
                    },
                  ]);
                },
              },
            ]);
          },
        },
      ]));
    });

    // declaration := Pragma* ( staticAssertDeclaration
    //                         | declarationSpecifiers [initDeclarator (',' initDeclarator)*] ';' )
    //   (a loop pragma before a declaration is misplaced; it is kept here so the lowering can say so)
    this.declaration = this.RULE('declaration', () => {
      this.MANY2(() => this.CONSUME(T.Pragma));
      // (built once: `typedef` below is a fresh local of each run of the alternative)
      this.OR(this.cached('declaration', () => [
        { ALT: () => this.SUBRULE(this.staticAssertDeclaration) },
        {
          ALT: () => {
            let typedef = false;
            this.SUBRULE(this.declarationSpecifiers);
            this.ACTION(() => (typedef = this.lastSpecsTypedef));
            this.OPTION(() => {
              this.SUBRULE(this.initDeclarator, { ARGS: [typedef] });
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.initDeclarator, { ARGS: [typedef] });
              });
            });
            this.CONSUME(T.Semicolon);
          },
        },
      ]));
    });

    // initDeclarator := declarator ['=' initializer]
    this.initDeclarator = this.RULE('initDeclarator', (typedef?: boolean) => {
      this.SUBRULE(this.declarator);
      this.ACTION(() => this.declareName(this.lastDeclName, typedef === true));
      this.SUBRULE(this.initDeclaratorTail);
    });

    // initDeclaratorTail := ['=' initializer]
    this.initDeclaratorTail = this.RULE('initDeclaratorTail', () => {
      this.OPTION(() => {
        this.CONSUME(T.Assign);
        this.SUBRULE(this.initializer);
      });
    });

    // declarationSpecifiers := ( StorageClass | Qualifier | FunctionSpec | TypeKeyword | TypedefName
    //   | structOrUnionSpecifier | enumSpecifier | typeofSpecifier | atomicTypeSpecifier | '_Atomic'
    //   | alignasSpecifier | attributeSpecifier | unknownTypeName )+
    //   A TypedefName is a specifier only while no other type specifier has been seen: in `T T;` or
    //   `unsigned T;` the second name is the declarator (C11 §6.7.2p2 allows no other combination).
    //   unknownTypeName := Identifier, only where another identifier follows (`u32 x;` without a typedef
    //   for u32): kept as a type so that parsing goes on; the lowering reports it.
    this.declarationSpecifiers = this.RULE('declarationSpecifiers', () => {
      // the state lives on the parser (saved and restored around nested specifiers, e.g. in struct
      // members) so that the alternatives below are built once, not on every call
      let saved: [boolean, boolean] = [false, false];
      this.ACTION(() => {
        saved = [this.specSeenType, this.specTypedef];
        this.specSeenType = false;
        this.specTypedef = false;
      });
      this.AT_LEAST_ONE(this.cached('declarationSpecifiers', () => ({
        GATE: () => {
          const t = this.LA(1).tokenType;
          if (t === T.TypedefName) return !this.specSeenType;
          if (t === T.Identifier) return !this.specSeenType && this.LA(2).tokenType === T.Identifier;
          return true;
        },
        DEF: () => {
          this.OR(this.cached('declarationSpecifier', () => ({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                ALT: () => {
                  const t = this.CONSUME(T.StorageClass);
                  this.ACTION(() => void (this.specTypedef ||= t.tokenType === T.Typedef));
                },
              },
              { ALT: () => this.CONSUME(T.Qualifier) },
              { ALT: () => this.CONSUME(T.FunctionSpec) },
              { ALT: () => (this.CONSUME(T.TypeKeyword), this.sawType()) },
              { ALT: () => (this.CONSUME(T.TypedefName), this.sawType()) },
              {
                // `name name`: the first is taken as a type name that is not declared (reported when lowering)
                GATE: () => !this.specSeenType && this.LA(2).tokenType === T.Identifier,
                ALT: () => (this.CONSUME(T.Identifier, { LABEL: 'unknownTypeName' }), this.sawType()),
              },
              { ALT: () => (this.SUBRULE(this.structOrUnionSpecifier), this.sawType()) },
              { ALT: () => (this.SUBRULE(this.enumSpecifier), this.sawType()) },
              { ALT: () => (this.SUBRULE(this.typeofSpecifier), this.sawType()) },
              {
                GATE: () => this.LA(2).tokenType === T.LParen,
                ALT: () => (this.SUBRULE(this.atomicTypeSpecifier), this.sawType()),
              },
              { ALT: () => this.CONSUME(T.Atomic) },
              { ALT: () => this.SUBRULE(this.alignasSpecifier) },
              { ALT: () => this.SUBRULE(this.attributeSpecifier) },
            ],
          })));
        },
      })));
      this.ACTION(() => {
        this.lastSpecsTypedef = this.specTypedef;
        [this.specSeenType, this.specTypedef] = saved;
      });
    });

    // structOrUnionSpecifier := ('struct' | 'union') attributeSpecifier* ( Name [structBody] | structBody )
    this.structOrUnionSpecifier = this.RULE('structOrUnionSpecifier', () => {
      this.OR(this.cached('structOrUnionSpecifier.OR', () => [
        { ALT: () => this.CONSUME(T.Struct) },
        { ALT: () => this.CONSUME(T.Union) },
      ]));
      this.MANY(() => this.SUBRULE(this.attributeSpecifier));
      this.OR2(this.cached('structOrUnionSpecifier.OR2', () => [
        {
          ALT: () => {
            this.CONSUME(T.Name);
            this.OPTION(() => this.SUBRULE(this.structBody));
          },
        },
        { ALT: () => this.SUBRULE2(this.structBody) },
      ]));
    });

    // structBody := '{' structDeclaration* '}' attributeSpecifier*
    this.structBody = this.RULE('structBody', () => {
      this.CONSUME(T.LBrace);
      this.MANY(() => this.SUBRULE(this.structDeclaration));
      this.CONSUME(T.RBrace);
      this.MANY2(() => this.SUBRULE(this.attributeSpecifier));
    });

    // structDeclaration := ';' | Pragma | staticAssertDeclaration
    //   | declarationSpecifiers [structDeclarator (',' structDeclarator)*] ';'   -- none: anonymous member
    this.structDeclaration = this.RULE('structDeclaration', () => {
      this.OR(this.cached('structDeclaration.OR', () => [
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.CONSUME(T.Pragma) },
        { ALT: () => this.SUBRULE(this.staticAssertDeclaration) },
        {
          ALT: () => {
            this.SUBRULE(this.declarationSpecifiers);
            this.OPTION(() => {
              this.SUBRULE(this.structDeclarator);
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.structDeclarator);
              });
            });
            this.CONSUME2(T.Semicolon);
          },
        },
      ]));
    });

    // structDeclarator := declarator [':' conditionalExpression] attributeSpecifier*
    //                   | ':' conditionalExpression attributeSpecifier*          -- unnamed bitfield
    this.structDeclarator = this.RULE('structDeclarator', () => {
      this.OR(this.cached('structDeclarator.OR', () => [
        {
          ALT: () => {
            this.SUBRULE(this.declarator);
            this.OPTION(() => {
              this.CONSUME(T.Colon);
              this.SUBRULE(this.conditionalExpression);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.Colon);
            this.SUBRULE2(this.conditionalExpression);
          },
        },
      ]));
      this.MANY(() => this.SUBRULE(this.attributeSpecifier));
    });

    // enumSpecifier := 'enum' attributeSpecifier* ( Name [enumBody] | enumBody )
    this.enumSpecifier = this.RULE('enumSpecifier', () => {
      this.CONSUME(T.Enum);
      this.MANY(() => this.SUBRULE(this.attributeSpecifier));
      this.OR(this.cached('enumSpecifier.OR', () => [
        {
          ALT: () => {
            this.CONSUME(T.Name);
            this.OPTION(() => this.SUBRULE(this.enumBody));
          },
        },
        { ALT: () => this.SUBRULE2(this.enumBody) },
      ]));
    });

    // enumBody := '{' [enumerator (',' enumerator)* [',']] '}' attributeSpecifier*
    this.enumBody = this.RULE('enumBody', () => {
      this.CONSUME(T.LBrace);
      this.OPTION(() => {
        this.SUBRULE(this.enumerator);
        this.MANY({
          GATE: () => this.LA(2).tokenType !== T.RBrace,
          DEF: () => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.enumerator);
          },
        });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      });
      this.CONSUME(T.RBrace);
      this.MANY2(() => this.SUBRULE(this.attributeSpecifier));
    });

    // enumerator := Name attributeSpecifier* ['=' conditionalExpression]
    //   (an enumeration constant is an ordinary identifier: it hides a typedef of the same name)
    this.enumerator = this.RULE('enumerator', () => {
      const name = this.CONSUME(T.Name);
      this.ACTION(() => this.declareName(name.image, false));
      this.MANY(() => this.SUBRULE(this.attributeSpecifier));
      this.OPTION(() => {
        this.CONSUME(T.Assign);
        this.SUBRULE(this.conditionalExpression);
      });
    });

    // typeofSpecifier := 'typeof' '(' (typeName | expression) ')'
    this.typeofSpecifier = this.RULE('typeofSpecifier', () => {
      this.CONSUME(T.Typeof);
      this.CONSUME(T.LParen);
      this.OR(this.cached('typeofSpecifier.OR', () => [
        { GATE: () => this.isTypeNameStart(1), ALT: () => this.SUBRULE(this.typeName) },
        { ALT: () => this.SUBRULE(this.expression) },
      ]));
      this.CONSUME(T.RParen);
    });

    // atomicTypeSpecifier := '_Atomic' '(' typeName ')'
    this.atomicTypeSpecifier = this.RULE('atomicTypeSpecifier', () => {
      this.CONSUME(T.Atomic);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.typeName);
      this.CONSUME(T.RParen);
    });

    // alignasSpecifier := '_Alignas' '(' (typeName | conditionalExpression) ')'
    this.alignasSpecifier = this.RULE('alignasSpecifier', () => {
      this.CONSUME(T.Alignas);
      this.CONSUME(T.LParen);
      this.OR(this.cached('alignasSpecifier.OR', () => [
        { GATE: () => this.isTypeNameStart(1), ALT: () => this.SUBRULE(this.typeName) },
        { ALT: () => this.SUBRULE(this.conditionalExpression) },
      ]));
      this.CONSUME(T.RParen);
    });

    // attributeSpecifier := '__attribute__' '(' '(' [attribute] (',' [attribute])* ')' ')'
    this.attributeSpecifier = this.RULE('attributeSpecifier', () => {
      this.CONSUME(T.Attribute);
      this.CONSUME(T.LParen);
      this.CONSUME2(T.LParen);
      this.OPTION(() => this.SUBRULE(this.attribute));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.OPTION2(() => this.SUBRULE2(this.attribute));
      });
      this.CONSUME(T.RParen);
      this.CONSUME2(T.RParen);
    });

    // attribute := (Name | Keyword) ['(' [assignmentExpression (',' assignmentExpression)*] ')']
    this.attribute = this.RULE('attribute', () => {
      this.OR(this.cached('attribute.OR', () => [
        { ALT: () => this.CONSUME(T.Name) },
        { ALT: () => this.CONSUME(T.Keyword) },
      ]));
      this.OPTION(() => {
        this.CONSUME(T.LParen);
        this.OPTION2(() => {
          this.SUBRULE(this.assignmentExpression);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.assignmentExpression);
          });
        });
        this.CONSUME(T.RParen);
      });
    });

    // asmLabel := 'asm' '(' StringLiteral+ ')'
    this.asmLabel = this.RULE('asmLabel', () => {
      this.CONSUME(T.Asm);
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral));
      this.CONSUME(T.RParen);
    });

    // staticAssertDeclaration := '_Static_assert' '(' conditionalExpression [',' StringLiteral+] ')' ';'
    this.staticAssertDeclaration = this.RULE('staticAssertDeclaration', () => {
      this.CONSUME(T.StaticAssert);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.conditionalExpression);
      this.OPTION(() => {
        this.CONSUME(T.Comma);
        this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral));
      });
      this.CONSUME(T.RParen);
      this.CONSUME(T.Semicolon);
    });
  }
}
