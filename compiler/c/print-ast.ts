// Prints a C AST as stable, indented text (golden tests, `ebpfc compile --emit-ast`). One node per line:
// its kind, its scalar fields, optionally its span as `@line:col+length` (with the file when it differs
// from the translation unit's) and the macro its first token came from; child nodes follow, indented,
// labelled with the field they are in.
//
//   FunctionDefinition @3:1+40
//     specifiers: DeclSpecifiers
//       BuiltinType int @3:1+3
//     declarator: Declarator name=main @3:5+10
//       Function prototype=true @3:9+6
//         ParamDecl …
//
// In: any AST node; out: text ending in a newline.
import { InternalError } from '../../runtime/errors.js';
import type { Attribute, Node, Span, StringLiteral } from './ast.js';

export interface PrintAstOptions {
  /** Print each node's span and macro origin (default true). */
  spans?: boolean;
}

type Child = Node | readonly Node[] | undefined;
interface Shape {
  head: string;
  kids: [string, Child][];
}

/** Prints `root` and everything under it. */
export function printAst(root: Node, opts: PrintAstOptions = {}): string {
  const lines: string[] = [];
  const mainFile = root.span.file;
  const withSpans = opts.spans !== false;
  const spanText = (s: Span): string => {
    const file = s.file === mainFile ? '' : `${s.file}:`;
    return ` @${file}${s.line}:${s.col}+${s.length}`;
  };
  const visit = (n: Node, indent: string, label: string): void => {
    const { head, kids } = shape(n);
    const macro = withSpans && n.origin !== undefined ? ` (macro ${n.origin.macro})` : '';
    lines.push(`${indent}${label}${head}${withSpans ? spanText(n.span) : ''}${macro}`);
    for (const [name, child] of kids) {
      if (child === undefined) continue;
      if (Array.isArray(child)) {
        (child as readonly Node[]).forEach((c, i) => visit(c, indent + '  ', `${name}[${i}]: `));
      } else {
        visit(child as Node, indent + '  ', `${name}: `);
      }
    }
  };
  visit(root, '', '');
  return lines.join('\n') + '\n';
}

function list(name: string, xs: readonly string[]): string {
  return xs.length === 0 ? '' : ` ${name}=[${xs.join(' ')}]`;
}

function opt(name: string, v: string | number | boolean | undefined): string {
  return v === undefined ? '' : ` ${name}=${v}`;
}

/** A code unit sequence as a C string body (printable ASCII as is, the rest escaped). */
export function quoteUnits(units: readonly number[]): string {
  let s = '';
  for (const u of units) {
    if (u === 0x22) s += '\\"';
    else if (u === 0x5c) s += '\\\\';
    else if (u === 10) s += '\\n';
    else if (u === 9) s += '\\t';
    else if (u >= 0x20 && u < 0x7f) s += String.fromCharCode(u);
    else s += `\\x${u.toString(16)}`;
  }
  return `"${s}"`;
}

function str(s: StringLiteral | undefined): string {
  return s === undefined ? '' : `${s.prefix}${quoteUnits(s.value)}`;
}

function attrs(a: readonly Attribute[]): [string, Child] {
  return ['attributes', a.length > 0 ? a : undefined];
}

function shape(n: Node): Shape {
  switch (n.kind) {
    case 'TranslationUnit':
      return { head: 'TranslationUnit', kids: [['decls', n.decls]] };
    case 'Declaration':
      return { head: 'Declaration', kids: [['specifiers', n.specifiers], ['declarators', n.declarators]] };
    case 'InitDeclarator':
      return { head: 'InitDeclarator', kids: [['declarator', n.declarator], ['init', n.init]] };
    case 'FunctionDefinition':
      return {
        head: 'FunctionDefinition',
        kids: [['specifiers', n.specifiers], ['declarator', n.declarator], ['body', n.body]],
      };
    case 'StaticAssert':
      return {
        head: `StaticAssert${n.message ? ' message=' + str(n.message) : ''}`,
        kids: [['condition', n.condition]],
      };
    case 'FileScopeAsm':
      return { head: `FileScopeAsm ${str(n.template)}`, kids: [] };
    case 'DeclSpecifiers':
      return {
        head: 'DeclSpecifiers' + list('storage', n.storage) + list('qualifiers', n.qualifiers)
          + list('function', n.functionSpecifiers),
        kids: [
          ['type', n.typeSpecifiers],
          ['alignas', n.alignas.length > 0 ? n.alignas : undefined],
          attrs(n.attributes),
        ],
      };
    case 'BuiltinType':
      return { head: `BuiltinType ${n.keyword}`, kids: [] };
    case 'TypedefName':
      return { head: `TypedefName ${n.name}`, kids: [] };
    case 'RecordSpec':
      return {
        head: `RecordSpec ${n.tag}${opt('name', n.name)}${n.members === undefined ? ' (no body)' : ''}`,
        kids: [attrs(n.attributes), ['members', n.members]],
      };
    case 'FieldDecl':
      return { head: 'FieldDecl', kids: [['specifiers', n.specifiers], ['declarators', n.declarators]] };
    case 'FieldDeclarator':
      return {
        head: 'FieldDeclarator',
        kids: [['declarator', n.declarator], ['bitWidth', n.bitWidth], attrs(n.attributes)],
      };
    case 'EnumSpec':
      return {
        head: `EnumSpec${opt('name', n.name)}${n.enumerators === undefined ? ' (no body)' : ''}`,
        kids: [attrs(n.attributes), ['enumerators', n.enumerators]],
      };
    case 'Enumerator':
      return { head: `Enumerator ${n.name}`, kids: [['value', n.value], attrs(n.attributes)] };
    case 'TypeofSpec':
      return { head: 'TypeofSpec', kids: [['operand', n.operand]] };
    case 'AtomicTypeSpec':
      return { head: 'AtomicTypeSpec', kids: [['type', n.type]] };
    case 'AlignAs':
      return { head: 'AlignAs', kids: [['operand', n.operand]] };
    case 'Attribute':
      return {
        head: `Attribute ${n.name}${n.spelling !== n.name ? ` (${n.spelling})` : ''}`,
        kids: [['args', n.args]],
      };
    case 'Declarator':
      return {
        head: `Declarator${opt('name', n.name)}${n.asmLabel ? ' asm=' + str(n.asmLabel) : ''}`,
        kids: [['derived', n.derived], attrs(n.attributes)],
      };
    case 'Pointer':
      return { head: `Pointer${list('qualifiers', n.qualifiers)}`, kids: [attrs(n.attributes)] };
    case 'Array':
      return {
        head: `Array${n.star ? ' [*]' : ''}${n.isStatic ? ' static' : ''}${list('qualifiers', n.qualifiers)}`,
        kids: [['size', n.size]],
      };
    case 'Function':
      return {
        head: `Function${n.variadic ? ' variadic' : ''}${n.prototype ? '' : ' (no prototype)'}`,
        kids: [['params', n.params]],
      };
    case 'ParamDecl':
      return { head: 'ParamDecl', kids: [['specifiers', n.specifiers], ['declarator', n.declarator]] };
    case 'TypeName':
      return { head: 'TypeName', kids: [['specifiers', n.specifiers], ['declarator', n.declarator]] };
    case 'InitList':
      return { head: 'InitList', kids: [['items', n.items]] };
    case 'InitItem':
      return {
        head: 'InitItem',
        kids: [['designators', n.designators.length > 0 ? n.designators : undefined], ['value', n.value]],
      };
    case 'FieldDesignator':
      return { head: `FieldDesignator .${n.name}`, kids: [] };
    case 'IndexDesignator':
      return { head: 'IndexDesignator', kids: [['index', n.index], ['last', n.last]] };
    case 'CompoundStmt':
      return { head: 'CompoundStmt', kids: [['items', n.items]] };
    case 'ExprStmt':
      return { head: n.expr ? 'ExprStmt' : 'ExprStmt (null)', kids: [['expr', n.expr]] };
    case 'IfStmt':
      return { head: 'IfStmt', kids: [['cond', n.cond], ['then', n.then], ['else', n.else]] };
    case 'SwitchStmt':
      return { head: 'SwitchStmt', kids: [['cond', n.cond], ['body', n.body]] };
    case 'CaseStmt':
      return { head: 'CaseStmt', kids: [['value', n.value], ['last', n.last], ['body', n.body]] };
    case 'DefaultStmt':
      return { head: 'DefaultStmt', kids: [['body', n.body]] };
    case 'LoopPragma':
      return { head: `LoopPragma ${JSON.stringify(n.text)}${opt('unroll', n.unroll)}`, kids: [] };
    case 'WhileStmt':
      return { head: 'WhileStmt', kids: [['pragmas', n.pragmas], ['cond', n.cond], ['body', n.body]] };
    case 'DoWhileStmt':
      return { head: 'DoWhileStmt', kids: [['pragmas', n.pragmas], ['body', n.body], ['cond', n.cond]] };
    case 'ForStmt':
      return {
        head: 'ForStmt',
        kids: [['pragmas', n.pragmas], ['init', n.init], ['cond', n.cond], ['step', n.step], ['body', n.body]],
      };
    case 'GotoStmt':
      return { head: `GotoStmt ${n.label}`, kids: [] };
    case 'ContinueStmt':
      return { head: 'ContinueStmt', kids: [] };
    case 'BreakStmt':
      return { head: 'BreakStmt', kids: [] };
    case 'ReturnStmt':
      return { head: 'ReturnStmt', kids: [['value', n.value]] };
    case 'LabeledStmt':
      return { head: `LabeledStmt ${n.label}`, kids: [attrs(n.attributes), ['body', n.body]] };
    case 'AttributedStmt':
      return { head: 'AttributedStmt', kids: [attrs(n.attributes), ['body', n.body]] };
    case 'AsmStmt':
      return {
        head: `AsmStmt${list('qualifiers', n.qualifiers)} ${str(n.template)}`
          + list('clobbers', n.clobbers.map(str)) + list('labels', n.labels),
        kids: [['outputs', n.outputs], ['inputs', n.inputs]],
      };
    case 'AsmOperand':
      return { head: `AsmOperand${n.name ? ` [${n.name}]` : ''} ${str(n.constraint)}`, kids: [['expr', n.expr]] };
    case 'ErrorStmt':
      return { head: 'ErrorStmt', kids: [] };
    case 'Identifier':
      return { head: `Identifier ${n.name}`, kids: [] };
    case 'IntegerLiteral':
      return {
        head: `IntegerLiteral ${n.text} value=${n.value} base=${n.base}`
          + (n.unsigned ? ' unsigned' : '') + (n.longs ? ` longs=${n.longs}` : ''),
        kids: [],
      };
    case 'FloatLiteral':
      return { head: `FloatLiteral ${n.text} value=${n.value}${n.suffix ? ` suffix=${n.suffix}` : ''}`, kids: [] };
    case 'CharLiteral':
      return { head: `CharLiteral ${n.text} value=${n.value}${n.prefix ? ` prefix=${n.prefix}` : ''}`, kids: [] };
    case 'StringLiteral':
      return { head: `StringLiteral ${str(n)}${n.parts.length > 1 ? ` parts=${n.parts.length}` : ''}`, kids: [] };
    case 'UnaryExpr':
      return { head: `UnaryExpr ${n.op}`, kids: [['operand', n.operand]] };
    case 'PostfixExpr':
      return { head: `PostfixExpr ${n.op}`, kids: [['operand', n.operand]] };
    case 'BinaryExpr':
      return { head: `BinaryExpr ${n.op}`, kids: [['left', n.left], ['right', n.right]] };
    case 'AssignExpr':
      return { head: `AssignExpr ${n.op}`, kids: [['target', n.target], ['value', n.value]] };
    case 'ConditionalExpr':
      return { head: 'ConditionalExpr', kids: [['cond', n.cond], ['then', n.then], ['else', n.else]] };
    case 'CommaExpr':
      return { head: 'CommaExpr', kids: [['exprs', n.exprs]] };
    case 'CastExpr':
      return { head: 'CastExpr', kids: [['type', n.type], ['operand', n.operand]] };
    case 'CallExpr':
      return { head: 'CallExpr', kids: [['callee', n.callee], ['args', n.args]] };
    case 'IndexExpr':
      return { head: 'IndexExpr', kids: [['base', n.base], ['index', n.index]] };
    case 'MemberExpr':
      return { head: `MemberExpr ${n.arrow ? '->' : '.'}${n.member}`, kids: [['object', n.object]] };
    case 'SizeofExpr':
      return { head: 'SizeofExpr', kids: [['operand', n.operand]] };
    case 'SizeofType':
      return { head: 'SizeofType', kids: [['type', n.type]] };
    case 'AlignofExpr':
      return { head: 'AlignofExpr', kids: [['operand', n.operand]] };
    case 'AlignofType':
      return { head: 'AlignofType', kids: [['type', n.type]] };
    case 'CompoundLiteral':
      return { head: 'CompoundLiteral', kids: [['type', n.type], ['init', n.init]] };
    case 'StmtExpr':
      return { head: 'StmtExpr', kids: [['body', n.body]] };
    case 'GenericSelection':
      return { head: 'GenericSelection', kids: [['controlling', n.controlling], ['associations', n.associations]] };
    case 'GenericAssociation':
      return {
        head: n.type ? 'GenericAssociation' : 'GenericAssociation default',
        kids: [['type', n.type], ['value', n.value]],
      };
    case 'BuiltinOffsetof': {
      const path = n.path.map((s) => (s.kind === 'Field' ? `.${s.name}` : '[]')).join('');
      const indices = n.path.flatMap((s) => (s.kind === 'Index' ? [s.index] : []));
      return {
        head: `BuiltinOffsetof path=${path}`,
        kids: [['type', n.type], ['indices', indices.length > 0 ? indices : undefined]],
      };
    }
    case 'BuiltinVaArg':
      return { head: 'BuiltinVaArg', kids: [['list', n.list], ['type', n.type]] };
    case 'BuiltinTypesCompatible':
      return { head: 'BuiltinTypesCompatible', kids: [['left', n.left], ['right', n.right]] };
    case 'ErrorExpr':
      return { head: 'ErrorExpr', kids: [] };
    default: {
      const never: never = n;
      throw new InternalError(`printAst: unknown node ${(never as { kind: string }).kind}`);
    }
  }
}
