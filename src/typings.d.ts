// A .py file bundles as its source text (webpack asset/source; a raw transform under jest).
declare module '*.py' {
  const source: string;
  export default source;
}

declare module '*.svg' {
  const svg: string;
  export default svg;
}
