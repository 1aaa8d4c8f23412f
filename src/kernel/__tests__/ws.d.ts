// The `ws` package (a dependency of JupyterLab's tooling) ships no types; live.ts needs only this.
declare module 'ws' {
  const WebSocket: typeof globalThis.WebSocket;
  export default WebSocket;
}
