// A .py file imports as its source text under jest (a raw transform) and in the CLI (esbuild).
declare module '*.py' {
  const source: string;
  export default source;
}

// In the labextension, `?url` imports a .py file as the URL of a static file (asset/resource).
declare module '*.py?url' {
  const url: string;
  export default url;
}

declare module '*.svg' {
  const svg: string;
  export default svg;
}
