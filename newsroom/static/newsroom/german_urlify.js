// The admin prefills slugs with Django's URLify, which turns "ä" into "a".
// Apply the newsroom's German rule (ä→ae, ö→oe, ü→ue, ß→ss) first, as
// newsroom/slugs.py does on the server.
"use strict";
(function () {
    const djangoURLify = window.URLify;
    const german = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"};
    window.URLify = function (text, numChars, allowUnicode) {
        return djangoURLify(text.replace(/[äöüÄÖÜßẞ]/g, (letter) => german[letter]), numChars, allowUnicode);
    };
})();
