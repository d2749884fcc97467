// The extension never sends multipart bodies, so axios's Node FormData implementation (and the
// 140 KB MIME database it pulls in) is replaced by an empty class at bundle time.
class FormData {}
module.exports = FormData;
module.exports.default = FormData;
