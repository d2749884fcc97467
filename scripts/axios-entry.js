// Entry of dist/axios.js (see scripts/build.mjs): axios, as the extension imports it.
export { default, AxiosError } from 'axios';
