/**
 * ESLint rule 'layers/downward-only': the import rule of docs/architecture.md, enforced.
 */
import path from 'node:path';

// The house's floors, top to bottom (docs/architecture.md): a file imports only from floors below
// its own, or from its own folder. Siblings on one floor do not import each other.
const FLOORS = [
  ['api'],
  ['client'],
  ['workers'],
  ['workflows'],
  ['activities'],
  ['simulator', 'codec-server'],
  ['integrations'],
  ['temporal', 'observability', 'secrets'],
  ['temporal.config'],
  ['config'],
  ['contracts'],
];
// Above every floor: may import anything.
const FREE = new Set(['scripts', 'bench', 'test']);

function roomOf(relPath) {
  const top = relPath.split(path.sep)[0].replace(/\.ts$/, '');
  const floor = FLOORS.findIndex((rooms) => rooms.includes(top));
  return floor === -1 ? undefined : { top, floor };
}

export const layers = {
  rules: {
    'downward-only': {
      meta: {
        type: 'problem',
        messages: {
          up: '{{from}}/ may not import {{to}}/: imports run down the floors of docs/architecture.md only.',
          sibling: '{{from}}/ and {{to}}/ share a floor and may not import each other (docs/architecture.md).',
          typeOnly: 'workflows/ imports activities/ as types only (the worker registers the implementations).',
        },
      },
      create(context) {
        const root = context.cwd;
        const file = path.relative(root, context.filename);
        if (FREE.has(file.split(path.sep)[0])) return {};
        const from = roomOf(file);
        if (!from) return {};
        function check(node, source, typeOnly) {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const to = roomOf(path.relative(root, path.resolve(path.dirname(context.filename), source)));
          if (!to || to.top === from.top) return;
          const data = { from: from.top, to: to.top };
          if (to.floor < from.floor) context.report({ node, messageId: 'up', data });
          else if (to.floor === from.floor) context.report({ node, messageId: 'sibling', data });
          else if (from.top === 'workflows' && to.top === 'activities' && !typeOnly)
            context.report({ node, messageId: 'typeOnly' });
        }
        const typeOnly = (node) =>
          node.importKind === 'type' ||
          (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        return {
          ImportDeclaration: (node) => check(node, node.source.value, typeOnly(node)),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
          ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
          ImportExpression: (node) => check(node, node.source.value, false),
        };
      },
    },
  },
};
