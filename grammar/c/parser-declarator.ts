// C declarators (C11 §6.7.6), type names (§6.7.7) and initialisers (§6.7.9, plus GNU `[a ... b]` ranges
// and `field:` designators). A declarator records the name it declares in `lastDeclName` for the rule
// that called it, which decides whether the name is a typedef name, an ordinary identifier or a member.
// Parameter lists open a scope; its names are kept in `lastParams` for a function body.
// In: CToken stream; out: CST nodes named after the rules.
import { CDeclarationRules } from './parser-decl.js';
import * as T from './tokens.js';

export abstract class CDeclaratorRules extends CDeclarationRules {
  /** The name found by the alternatives of the declarator being parsed (read right after them). */
  private declName: string | undefined;

  constructor(validate: boolean) {
    super(validate);

    // declarator := pointer* ( Name | '(' attributeSpecifier* declarator ')' )
    //               ( arraySuffix | functionSuffix )* [asmLabel] attributeSpecifier*
    this.declarator = this.RULE('declarator', () => {
      // the name is passed up through `declName` (set by the alternatives, read right after them), so
      // the alternatives use no locals and are built once
      let name: string | undefined;
      this.MANY(() => this.SUBRULE(this.pointer));
      this.OR(this.cached('declarator', () => [
        {
          ALT: () => {
            const t = this.CONSUME(T.Name);
            this.ACTION(() => (this.declName = t.image));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.MANY2(() => this.SUBRULE(this.attributeSpecifier));
            this.SUBRULE(this.declarator);
            this.ACTION(() => (this.declName = this.lastDeclName));
            this.CONSUME(T.RParen);
          },
        },
      ]));
      this.ACTION(() => (name = this.declName));
      this.MANY3(() => this.OR2(this.cached('declaratorSuffix', () => [
        { ALT: () => this.SUBRULE(this.arraySuffix) },
        { ALT: () => this.SUBRULE(this.functionSuffix) },
      ])));
      this.OPTION(() => this.SUBRULE(this.asmLabel));
      this.MANY4(() => this.SUBRULE2(this.attributeSpecifier));
      this.ACTION(() => (this.lastDeclName = name));
    });

    // abstractDeclarator := pointer* [ Name | '(' attributeSpecifier* abstractDeclarator ')' ]
    //                       ( arraySuffix | functionSuffix )* attributeSpecifier*
    //   Used for parameters (where the name is optional) and type names (where it must be absent). A '('
    //   opens a nested declarator unless a type name or ')' follows it (C11 §6.7.7p2: then it is a
    //   parameter list).
    this.abstractDeclarator = this.RULE('abstractDeclarator', () => {
      let name: string | undefined;
      this.MANY(() => this.SUBRULE(this.pointer));
      this.ACTION(() => (this.declName = undefined));
      this.OPTION(this.cached('abstractDeclarator', () => ({
        GATE: () => this.LA(1).tokenType === T.Identifier || this.LA(1).tokenType === T.TypedefName || this.isParenDeclarator(),
        DEF: () => {
          this.OR(this.cached('abstractDeclarator.OR', () => ({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                ALT: () => {
                  const t = this.CONSUME(T.Name);
                  this.ACTION(() => (this.declName = t.image));
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.LParen);
                  this.MANY2(() => this.SUBRULE(this.attributeSpecifier));
                  this.SUBRULE(this.abstractDeclarator);
                  this.ACTION(() => (this.declName = this.lastDeclName));
                  this.CONSUME(T.RParen);
                },
              },
            ],
          })));
        },
      })));
      this.ACTION(() => (name = this.declName));
      this.MANY3(() => this.OR2(this.cached('abstractDeclaratorSuffix', () => [
        { ALT: () => this.SUBRULE(this.arraySuffix) },
        { ALT: () => this.SUBRULE(this.functionSuffix) },
      ])));
      this.MANY4(() => this.SUBRULE2(this.attributeSpecifier));
      this.ACTION(() => (this.lastDeclName = name));
    });

    // pointer := '*' ( Qualifier | '_Atomic' | attributeSpecifier )*
    this.pointer = this.RULE('pointer', () => {
      this.CONSUME(T.Star);
      this.MANY(() => {
        this.OR(this.cached('pointer.OR', () => [
          { ALT: () => this.CONSUME(T.Qualifier) },
          { ALT: () => this.CONSUME(T.Atomic) },
          { ALT: () => this.SUBRULE(this.attributeSpecifier) },
        ]));
      });
    });

    // arraySuffix := '[' ('static' | Qualifier | '_Atomic')* [ '*' | assignmentExpression ] ']'
    this.arraySuffix = this.RULE('arraySuffix', () => {
      this.CONSUME(T.LBracket);
      this.MANY(() => {
        this.OR(this.cached('arraySuffix.OR', () => [
          { ALT: () => this.CONSUME(T.Static) },
          { ALT: () => this.CONSUME(T.Qualifier) },
          { ALT: () => this.CONSUME(T.Atomic) },
        ]));
      });
      this.OPTION(() => {
        this.OR2(this.cached('arraySuffix.OR2', () => ({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { GATE: () => this.LA(2).tokenType === T.RBracket, ALT: () => this.CONSUME(T.Star) },
            { ALT: () => this.SUBRULE(this.assignmentExpression) },
          ],
        })));
      });
      this.CONSUME(T.RBracket);
    });

    // functionSuffix := '(' [ parameterDeclaration (',' parameterDeclaration)* [',' '...'] ] ')'
    this.functionSuffix = this.RULE('functionSuffix', () => {
      let depth = 0;
      this.CONSUME(T.LParen);
      this.ACTION(() => (depth = this.openScope()));
      this.OPTION(() => {
        this.SUBRULE(this.parameterDeclaration);
        this.MANY({
          GATE: () => this.LA(2).tokenType !== T.Ellipsis,
          DEF: () => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.parameterDeclaration);
          },
        });
        this.OPTION2(() => {
          this.CONSUME2(T.Comma);
          this.CONSUME(T.Ellipsis);
        });
      });
      this.CONSUME(T.RParen);
      this.ACTION(() => {
        this.lastParams = new Map(this.innermostScope());
        this.closeScope(depth);
      });
    });

    // parameterDeclaration := declarationSpecifiers abstractDeclarator
    this.parameterDeclaration = this.RULE('parameterDeclaration', () => {
      this.SUBRULE(this.declarationSpecifiers);
      this.SUBRULE(this.abstractDeclarator);
      this.ACTION(() => this.declareName(this.lastDeclName, false));
    });

    // typeName := declarationSpecifiers abstractDeclarator
    this.typeName = this.RULE('typeName', () => {
      this.SUBRULE(this.declarationSpecifiers);
      this.SUBRULE(this.abstractDeclarator);
    });

    // initializer := initializerList | assignmentExpression
    this.initializer = this.RULE('initializer', () => {
      this.OR(this.cached('initializer.OR', () => [
        { ALT: () => this.SUBRULE(this.initializerList) },
        { ALT: () => this.SUBRULE(this.assignmentExpression) },
      ]));
    });

    // initializerList := '{' [initializerItem (',' initializerItem)* [',']] '}'
    this.initializerList = this.RULE('initializerList', () => {
      this.CONSUME(T.LBrace);
      this.OPTION(() => {
        this.SUBRULE(this.initializerItem);
        this.MANY({
          GATE: () => this.LA(2).tokenType !== T.RBrace,
          DEF: () => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.initializerItem);
          },
        });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      });
      this.CONSUME(T.RBrace);
    });

    // initializerItem := [ designator+ '=' | Name ':' ] initializer
    this.initializerItem = this.RULE('initializerItem', () => {
      this.OPTION(() => {
        this.OR(this.cached('initializerItem.OR', () => [
          {
            ALT: () => {
              this.AT_LEAST_ONE(() => this.SUBRULE(this.designator));
              this.CONSUME(T.Assign);
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Name);
              this.CONSUME(T.Colon);
            },
          },
        ]));
      });
      this.SUBRULE(this.initializer);
    });

    // designator := '[' conditionalExpression ['...' conditionalExpression] ']' | '.' Name
    this.designator = this.RULE('designator', () => {
      this.OR(this.cached('designator.OR', () => [
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.conditionalExpression);
            this.OPTION(() => {
              this.CONSUME(T.Ellipsis);
              this.SUBRULE2(this.conditionalExpression);
            });
            this.CONSUME(T.RBracket);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.Name);
          },
        },
      ]));
    });
  }
}
