// Reads everything a workbench page keeps in the browser, to check that a value is not there: every
// record of every IndexedDB database (the web workbench keeps its global and workspace state, and
// its own logs, in IndexedDB), localStorage and sessionStorage. Types: pageStorage.d.mts.

/**
 * Where the page's storage holds `value` (as text, or as UTF-8 / UTF-16 bytes): names like
 * `IndexedDB <database>/<store>/<key>` or `localStorage/<key>`, with how many records were read.
 * @param {import('playwright-core').Page} page
 * @param {string} value
 * @returns {Promise<{ records: number, databases: string[], holding: string[] }>}
 */
export function pageStorageHolding(page, value) {
  /* global indexedDB, localStorage, sessionStorage, TextDecoder -- runs in the page */
  return page.evaluate(async (needle) => {
    const utf8 = new TextDecoder();
    const utf16 = new TextDecoder('utf-16le');
    const texts = (item) => {
      if (typeof item === 'string') return [item];
      if (item instanceof ArrayBuffer) return [utf8.decode(item), utf16.decode(item)];
      if (ArrayBuffer.isView(item)) {
        const bytes = new Uint8Array(item.buffer, item.byteOffset, item.byteLength);
        return [utf8.decode(bytes), utf16.decode(bytes)];
      }
      if (item && typeof item === 'object') return Object.entries(item).flatMap(([k, v]) => [k, ...texts(v)]);
      return [String(item)];
    };
    const holding = [];
    let records = 0;
    const databases = (await indexedDB.databases()).map((d) => d.name ?? '').filter(Boolean);
    for (const name of databases) {
      const db = await new Promise((ok, fail) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      for (const storeName of [...db.objectStoreNames]) {
        const [keys, values] = await new Promise((ok, fail) => {
          const store = db.transaction(storeName, 'readonly').objectStore(storeName);
          const allKeys = store.getAllKeys();
          const all = store.getAll();
          all.onsuccess = () => ok([allKeys.result, all.result]);
          all.onerror = () => fail(all.error);
        });
        records += values.length;
        values.forEach((record, i) => {
          if ([...texts(keys[i]), ...texts(record)].some((text) => text.includes(needle))) holding.push(`IndexedDB ${name}/${storeName}/${String(keys[i])}`);
        });
      }
      db.close();
    }
    for (const [label, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i) ?? '';
        records++;
        if (`${key}\n${storage.getItem(key)}`.includes(needle)) holding.push(`${label}/${key}`);
      }
    }
    return { records, databases, holding };
  }, value);
}
