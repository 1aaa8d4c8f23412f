const { parser } = require('@lezer/python');
const src = process.argv[2];
const tree = parser.parse(src);
let depth = 0; const c = tree.cursor();
do { /* */ } while (false);
function dump(c, d) { console.log(' '.repeat(d) + c.name + ' ' + JSON.stringify(src.slice(c.from, c.to)).slice(0, 50)); if (c.firstChild()) { do dump(c, d + 1); while (c.nextSibling()); c.parent(); } }
dump(tree.cursor(), 0);
