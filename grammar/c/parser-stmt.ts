// C statements (C11 §6.8 plus GNU case ranges, attributed statements and `asm` statements) and the
// final parser class. `#pragma` tokens directly before a statement are part of that statement's CST
// node (the lowering attaches `#pragma unroll` to loops). Compound statements open a typedef scope.
// In: CToken stream; out: CST nodes named after the rules.
import { CDeclaratorRules } from './parser-declarator.js';
import * as T from './tokens.js';

export class CStatementRules extends CDeclaratorRules {
  constructor(validate: boolean) {
    super(validate);

    // statement := Pragma* ( labeledStatement | caseStatement | defaultStatement | compoundStatement
    //   | ifStatement | switchStatement | whileStatement | doStatement | forStatement | gotoStatement
    //   | continueStatement | breakStatement | returnStatement | asmStatement
    //   | attributeSpecifier+ statement | expressionStatement )
    this.statement = this.RULE('statement', () => {
      this.MANY(() => this.CONSUME(T.Pragma));
      this.OR(this.cached('statement.OR', () => [
        { ALT: () => this.SUBRULE(this.labeledStatement) },
        { ALT: () => this.SUBRULE(this.caseStatement) },
        { ALT: () => this.SUBRULE(this.defaultStatement) },
        { ALT: () => this.SUBRULE(this.compoundStatement) },
        { ALT: () => this.SUBRULE(this.ifStatement) },
        { ALT: () => this.SUBRULE(this.switchStatement) },
        { ALT: () => this.SUBRULE(this.whileStatement) },
        { ALT: () => this.SUBRULE(this.doStatement) },
        { ALT: () => this.SUBRULE(this.forStatement) },
        { ALT: () => this.SUBRULE(this.gotoStatement) },
        { ALT: () => this.SUBRULE(this.continueStatement) },
        { ALT: () => this.SUBRULE(this.breakStatement) },
        { ALT: () => this.SUBRULE(this.returnStatement) },
        { ALT: () => this.SUBRULE(this.asmStatement) },
        {
          ALT: () => {
            this.AT_LEAST_ONE(() => this.SUBRULE(this.attributeSpecifier));
            this.SUBRULE(this.statement);
          },
        },
        { ALT: () => this.SUBRULE(this.expressionStatement) },
      ]));
    });

    // labeledStatement := Name ':' attributeSpecifier* statement
    this.labeledStatement = this.RULE('labeledStatement', () => {
      this.CONSUME(T.Name);
      this.CONSUME(T.Colon);
      this.MANY(() => this.SUBRULE(this.attributeSpecifier));
      this.SUBRULE(this.statement);
    });

    // caseStatement := 'case' conditionalExpression ['...' conditionalExpression] ':' statement
    this.caseStatement = this.RULE('caseStatement', () => {
      this.CONSUME(T.Case);
      this.SUBRULE(this.conditionalExpression);
      this.OPTION(() => {
        this.CONSUME(T.Ellipsis);
        this.SUBRULE2(this.conditionalExpression);
      });
      this.CONSUME(T.Colon);
      this.SUBRULE(this.statement);
    });

    // defaultStatement := 'default' ':' statement
    this.defaultStatement = this.RULE('defaultStatement', () => {
      this.CONSUME(T.Default);
      this.CONSUME(T.Colon);
      this.SUBRULE(this.statement);
    });

    // compoundStatement := '{' blockItem* '}'
    //   (a function body's scope starts with the function's parameters)
    this.compoundStatement = this.RULE('compoundStatement', (functionBody?: boolean) => {
      let depth = 0;
      this.CONSUME(T.LBrace);
      this.ACTION(() => (depth = this.openScope(functionBody === true ? this.lastParams : undefined)));
      this.MANY(() => this.SUBRULE(this.blockItem));
      this.CONSUME(T.RBrace);
      this.ACTION(() => this.closeScope(depth));
    });

    // blockItem := declaration | statement
    //   (a declaration starts, after any attribute specifiers, with a declaration specifier)
    this.blockItem = this.RULE('blockItem', () => {
      this.OR(this.cached('blockItem.OR', () => ({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.isDeclarationStart(), ALT: () => this.SUBRULE(this.declaration) },
          { ALT: () => this.SUBRULE(this.statement) },
        ],
      })));
    });

    // expressionStatement := [expression] ';'
    this.expressionStatement = this.RULE('expressionStatement', () => {
      this.OPTION(() => this.SUBRULE(this.expression));
      this.CONSUME(T.Semicolon);
    });

    // ifStatement := 'if' '(' expression ')' statement ['else' statement]
    this.ifStatement = this.RULE('ifStatement', () => {
      this.CONSUME(T.If);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      this.SUBRULE(this.statement);
      this.OPTION(() => {
        this.CONSUME(T.Else);
        this.SUBRULE2(this.statement);
      });
    });

    // switchStatement := 'switch' '(' expression ')' statement
    this.switchStatement = this.RULE('switchStatement', () => {
      this.CONSUME(T.Switch);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      this.SUBRULE(this.statement);
    });

    // whileStatement := 'while' '(' expression ')' statement
    this.whileStatement = this.RULE('whileStatement', () => {
      this.CONSUME(T.While);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      this.SUBRULE(this.statement);
    });

    // doStatement := 'do' statement 'while' '(' expression ')' ';'
    this.doStatement = this.RULE('doStatement', () => {
      this.CONSUME(T.Do);
      this.SUBRULE(this.statement);
      this.CONSUME(T.While);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      this.CONSUME(T.Semicolon);
    });

    // forStatement := 'for' '(' ( declaration | [expression] ';' ) [expression] ';' [expression] ')' statement
    //   The expressions are labelled init / cond / step in the CST.
    this.forStatement = this.RULE('forStatement', () => {
      let depth = 0;
      this.CONSUME(T.For);
      this.CONSUME(T.LParen);
      this.ACTION(() => (depth = this.openScope()));
      this.OR(this.cached('forStatement.OR', () => ({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.isDeclarationStart(), ALT: () => this.SUBRULE(this.declaration) },
          {
            ALT: () => {
              this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'init' }));
              this.CONSUME(T.Semicolon);
            },
          },
        ],
      })));
      this.OPTION2(() => this.SUBRULE2(this.expression, { LABEL: 'cond' }));
      this.CONSUME2(T.Semicolon);
      this.OPTION3(() => this.SUBRULE3(this.expression, { LABEL: 'step' }));
      this.CONSUME(T.RParen);
      this.SUBRULE(this.statement);
      this.ACTION(() => this.closeScope(depth));
    });

    // gotoStatement := 'goto' Name ';'
    this.gotoStatement = this.RULE('gotoStatement', () => {
      this.CONSUME(T.Goto);
      this.CONSUME(T.Name);
      this.CONSUME(T.Semicolon);
    });

    // continueStatement := 'continue' ';'
    this.continueStatement = this.RULE('continueStatement', () => {
      this.CONSUME(T.Continue);
      this.CONSUME(T.Semicolon);
    });

    // breakStatement := 'break' ';'
    this.breakStatement = this.RULE('breakStatement', () => {
      this.CONSUME(T.Break);
      this.CONSUME(T.Semicolon);
    });

    // returnStatement := 'return' [expression] ';'
    this.returnStatement = this.RULE('returnStatement', () => {
      this.CONSUME(T.Return);
      this.OPTION(() => this.SUBRULE(this.expression));
      this.CONSUME(T.Semicolon);
    });

    // asmStatement := 'asm' ('volatile' | 'inline' | 'goto' | Qualifier)* '(' StringLiteral+
    //   [ ':' [outputs] [ ':' [inputs] [ ':' [clobbers] [ ':' [labels] ]]]] ')' ';'
    //   outputs, inputs := asmOperand (',' asmOperand)*;  clobbers := StringLiteral (',' StringLiteral)*;
    //   labels := Name (',' Name)*.  (At file scope only the plain `asm("…");` form is meaningful.)
    this.asmStatement = this.RULE('asmStatement', () => {
      this.CONSUME(T.Asm);
      this.MANY(() => {
        this.OR(this.cached('asmStatement.OR', () => [
          { ALT: () => this.CONSUME(T.Qualifier) },
          { ALT: () => this.CONSUME(T.Inline) },
          { ALT: () => this.CONSUME(T.Goto) },
        ]));
      });
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral, { LABEL: 'template' }));
      this.OPTION(() => {
        this.CONSUME(T.Colon, { LABEL: 'outputsColon' });
        this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.asmOperand, { LABEL: 'outputs' }) });
        this.OPTION2(() => {
          this.CONSUME2(T.Colon, { LABEL: 'inputsColon' });
          this.MANY_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.asmOperand, { LABEL: 'inputs' }) });
          this.OPTION3(() => {
            this.CONSUME3(T.Colon, { LABEL: 'clobbersColon' });
            this.MANY_SEP3({ SEP: T.Comma, DEF: () => this.CONSUME2(T.StringLiteral, { LABEL: 'clobbers' }) });
            this.OPTION4(() => {
              this.CONSUME4(T.Colon, { LABEL: 'labelsColon' });
              this.MANY_SEP4({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name, { LABEL: 'labels' }) });
            });
          });
        });
      });
      this.CONSUME(T.RParen);
      this.CONSUME(T.Semicolon);
    });

    // asmOperand := ['[' Name ']'] StringLiteral '(' expression ')'
    this.asmOperand = this.RULE('asmOperand', () => {
      this.OPTION(() => {
        this.CONSUME(T.LBracket);
        this.CONSUME(T.Name);
        this.CONSUME(T.RBracket);
      });
      this.CONSUME(T.StringLiteral);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
    });
  }
}
