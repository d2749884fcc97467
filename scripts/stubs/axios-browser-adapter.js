// axios's XMLHttpRequest and fetch adapters are for browsers; the extension runs in Node's
// extension host and pins axios to its http adapter (`adapter: 'http'`), so they are left out.
export default false;
export const getFetch = () => false;
