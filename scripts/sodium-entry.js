// Entry of dist/sodium.js (see scripts/build.mjs): libsodium, loaded only when a key is stored as a GitHub Actions secret.
export { default } from 'libsodium-wrappers';
