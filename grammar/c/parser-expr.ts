// C expression grammar (C11 §6.5 plus GNU statement expressions, `?:` with omitted middle operand and the
// builtins that take type names). Binary operators of all precedence levels are parsed as one flat
// sequence `cast (op cast)*`; the CST→AST lowering applies C's precedence and associativity (§6.5.5–14),
// which keeps the parser from descending ten rule levels for every operand.
// In: CToken stream; out: CST nodes named after the rules.
import { CParserBase } from './parser-base.js';
import * as T from './tokens.js';

export abstract class CExpressionRules extends CParserBase {
  constructor(validate: boolean) {
    super(validate);

    // expression := assignmentExpression (',' assignmentExpression)*
    this.expression = this.RULE('expression', () => {
      this.SUBRULE(this.assignmentExpression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.assignmentExpression);
      });
    });

    // assignmentExpression := conditionalExpression [AssignOp assignmentExpression]
    //   (the left side must be a unary-expression; that is checked when lowering)
    this.assignmentExpression = this.RULE('assignmentExpression', () => {
      this.SUBRULE(this.conditionalExpression);
      this.OPTION(() => {
        this.CONSUME(T.AssignOp);
        this.SUBRULE(this.assignmentExpression);
      });
    });

    // conditionalExpression := binaryExpression ['?' [expression] ':' conditionalExpression]
    this.conditionalExpression = this.RULE('conditionalExpression', () => {
      this.SUBRULE(this.binaryExpression);
      this.OPTION(() => {
        this.CONSUME(T.Question);
        this.OPTION2(() => this.SUBRULE(this.expression));
        this.CONSUME(T.Colon);
        this.SUBRULE(this.conditionalExpression);
      });
    });

    // binaryExpression := castExpression (BinaryOp castExpression)*
    this.binaryExpression = this.RULE('binaryExpression', () => {
      this.SUBRULE(this.castExpression);
      this.MANY(() => {
        this.CONSUME(T.BinaryOp);
        this.SUBRULE2(this.castExpression);
      });
    });

    // castExpression := '(' typeName ')' ( initializerList postfixSuffix*   -- compound literal
    //                                    | castExpression )
    //                 | unaryExpression
    this.castExpression = this.RULE('castExpression', () => {
      this.OR(this.cached('castExpression.OR', () => [
        {
          GATE: () => this.isParenTypeName(),
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.typeName);
            this.CONSUME(T.RParen);
            this.OR2(this.cached('castExpression.OR2', () => [
              {
                ALT: () => {
                  this.SUBRULE(this.initializerList);
                  this.MANY(() => this.SUBRULE(this.postfixSuffix));
                },
              },
              { ALT: () => this.SUBRULE(this.castExpression) },
            ]));
          },
        },
        { ALT: () => this.SUBRULE(this.unaryExpression) },
      ]));
    });

    // unaryExpression := postfixExpression
    //   | ('++' | '--') unaryExpression
    //   | ('&' | '*' | '+' | '-' | '~' | '!') castExpression
    //   | 'sizeof' ( '(' typeName ')' [initializerList postfixSuffix*] | unaryExpression )
    //   | '_Alignof' ( '(' typeName ')' | unaryExpression )
    this.unaryExpression = this.RULE('unaryExpression', () => {
      this.OR(this.cached('unaryExpression.OR', () => [
        { ALT: () => this.SUBRULE(this.postfixExpression) },
        {
          ALT: () => {
            this.OR2(this.cached('unaryExpression.OR2', () => [
              { ALT: () => this.CONSUME(T.PlusPlus) },
              { ALT: () => this.CONSUME(T.MinusMinus) },
            ]));
            this.SUBRULE(this.unaryExpression);
          },
        },
        {
          ALT: () => {
            this.OR3(this.cached('unaryExpression.OR3', () => [
              { ALT: () => this.CONSUME(T.Amp) },
              { ALT: () => this.CONSUME(T.Star) },
              { ALT: () => this.CONSUME(T.Plus) },
              { ALT: () => this.CONSUME(T.Minus) },
              { ALT: () => this.CONSUME(T.Tilde) },
              { ALT: () => this.CONSUME(T.Bang) },
            ]));
            this.SUBRULE(this.castExpression);
          },
        },
        {
          ALT: () => {
            this.OR4(this.cached('unaryExpression.OR4', () => [
              { ALT: () => this.CONSUME(T.Sizeof) },
              { ALT: () => this.CONSUME(T.Alignof) },
            ]));
            this.OR5(this.cached('unaryExpression.OR5', () => [
              {
                GATE: () => this.isParenTypeName(),
                ALT: () => {
                  this.CONSUME(T.LParen);
                  this.SUBRULE(this.typeName);
                  this.CONSUME(T.RParen);
                  this.OPTION(() => {
                    this.SUBRULE(this.initializerList);
                    this.MANY(() => this.SUBRULE(this.postfixSuffix));
                  });
                },
              },
              { ALT: () => this.SUBRULE2(this.unaryExpression) },
            ]));
          },
        },
      ]));
    });

    // postfixExpression := primaryExpression postfixSuffix*
    this.postfixExpression = this.RULE('postfixExpression', () => {
      this.SUBRULE(this.primaryExpression);
      this.MANY(() => this.SUBRULE(this.postfixSuffix));
    });

    // postfixSuffix := '[' expression ']' | '(' [assignmentExpression (',' assignmentExpression)*] ')'
    //                | ('.' | '->') Name | '++' | '--'
    this.postfixSuffix = this.RULE('postfixSuffix', () => {
      this.OR(this.cached('postfixSuffix.OR', () => [
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.expression);
            this.CONSUME(T.RBracket);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.OPTION(() => {
              this.SUBRULE(this.assignmentExpression);
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.assignmentExpression);
              });
            });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.OR2(this.cached('postfixSuffix.OR2', () => [
              { ALT: () => this.CONSUME(T.Dot) },
              { ALT: () => this.CONSUME(T.Arrow) },
            ]));
            this.CONSUME(T.Name);
          },
        },
        { ALT: () => this.CONSUME(T.PlusPlus) },
        { ALT: () => this.CONSUME(T.MinusMinus) },
      ]));
    });

    // primaryExpression := Identifier | IntegerConstant | FloatingConstant | CharConstant | StringLiteral+
    //   | '(' compoundStatement ')'                                         -- GNU statement expression
    //   | '(' expression ')'
    //   | '_Generic' '(' assignmentExpression (',' genericAssociation)+ ')'
    //   | '__builtin_offsetof' '(' typeName ',' offsetofDesignator ')'
    //   | '__builtin_va_arg' '(' assignmentExpression ',' typeName ')'
    //   | '__builtin_types_compatible_p' '(' typeName ',' typeName ')'
    this.primaryExpression = this.RULE('primaryExpression', () => {
      this.OR(this.cached('primaryExpression.OR', () => [
        { ALT: () => this.CONSUME(T.Identifier) },
        { ALT: () => this.CONSUME(T.IntegerConstant) },
        { ALT: () => this.CONSUME(T.FloatingConstant) },
        { ALT: () => this.CONSUME(T.CharConstant) },
        { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral)) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.compoundStatement);
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME2(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Generic);
            this.CONSUME3(T.LParen);
            this.SUBRULE(this.assignmentExpression);
            this.AT_LEAST_ONE2(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE(this.genericAssociation);
            });
            this.CONSUME3(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.BuiltinOffsetof);
            this.CONSUME4(T.LParen);
            this.SUBRULE(this.typeName);
            this.CONSUME2(T.Comma);
            this.SUBRULE(this.offsetofDesignator);
            this.CONSUME4(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.BuiltinVaArg);
            this.CONSUME5(T.LParen);
            this.SUBRULE2(this.assignmentExpression);
            this.CONSUME3(T.Comma);
            this.SUBRULE2(this.typeName);
            this.CONSUME5(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.BuiltinTypesCompatibleP);
            this.CONSUME6(T.LParen);
            this.SUBRULE3(this.typeName);
            this.CONSUME4(T.Comma);
            this.SUBRULE4(this.typeName);
            this.CONSUME6(T.RParen);
          },
        },
      ]));
    });

    // genericAssociation := (typeName | 'default') ':' assignmentExpression
    this.genericAssociation = this.RULE('genericAssociation', () => {
      this.OR(this.cached('genericAssociation.OR', () => [
        { ALT: () => this.SUBRULE(this.typeName) },
        { ALT: () => this.CONSUME(T.Default) },
      ]));
      this.CONSUME(T.Colon);
      this.SUBRULE(this.assignmentExpression);
    });

    // offsetofDesignator := Name ('.' Name | '[' expression ']')*
    this.offsetofDesignator = this.RULE('offsetofDesignator', () => {
      this.CONSUME(T.Name);
      this.MANY(() => {
        this.OR(this.cached('offsetofDesignator.OR', () => [
          {
            ALT: () => {
              this.CONSUME(T.Dot);
              this.CONSUME2(T.Name);
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              this.SUBRULE(this.expression);
              this.CONSUME(T.RBracket);
            },
          },
        ]));
      });
    });
  }
}
