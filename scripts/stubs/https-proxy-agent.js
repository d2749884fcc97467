// axios's own proxy handling is switched off (`proxy: false`: VS Code's proxy support applies), so
// its proxy agent is never constructed; this stand-in keeps it and its dependencies out of the bundle.
class HttpsProxyAgent {
  constructor() {
    throw new Error('axios proxy handling is disabled in this extension');
  }
}
module.exports = { HttpsProxyAgent, default: HttpsProxyAgent };
