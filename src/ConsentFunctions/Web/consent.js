/*
 * consent.js — served by ConsentFunctions at GET /api/consent.js. No dependencies, no cookies,
 * no request anywhere but the capture route.
 *
 * Enhances <form data-consent-form="FORM-ID">: each checkbox with data-purpose and data-channel
 * is one consent box (optional: data-mode="opt-out", data-partners, data-notice). On submit it
 * posts the submission as JSON to /api/consents (the form's action if it has one):
 *   - wording: the rendered text of the box's <label> at submit time (label.innerText), so the
 *     proof holds what the person saw; a box without a label is never sent (no wording, no proof);
 *   - checked: the box's state; checkedByDefault: its defaultChecked (ticked in the HTML);
 *   - data-mode="opt-out" ("tick to object"): sent with mode "opt-out", so a ticked box is
 *     recorded as a refusal and an unticked one as "informed" (it never proves consent);
 *   - data-partners: the id of the element listing the partners shown (its <li> texts), or
 *     names separated by ";"; data-notice: a registered notice as "noticeId@version";
 *   - fields named subject.email, subject.phone, subject.firstName, subject.lastName,
 *     subject.customerId, and audience (or data-audience on the form);
 *   - the form id, the page URL and document.documentElement.lang.
 * One submissionId (crypto.randomUUID) per submission, reused for the retries that follow a
 * network error or a 503 (at most 3 tries, with backoff): the server records it once.
 * It shows a message in the page's language (fr, en) and dispatches on the form
 * "consent:recorded" (detail: the receipt) or "consent:error" (detail: the problem).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var MAX_TRIES = 3;
  var BACKOFF_MS = 600;

  var MESSAGES = {
    fr: {
      sending: "Envoi en cours…",
      recorded: "Merci, vos choix sont enregistrés.",
      invalid: "Le formulaire n'a pas pu être enregistré. Vérifiez vos réponses et réessayez.",
      unavailable: "Le service est momentanément indisponible. Rien n'a été enregistré : réessayez dans quelques instants.",
      noLabel: "Ce formulaire est incomplet : une case n'a pas de libellé. Rien n'a été envoyé."
    },
    en: {
      sending: "Sending…",
      recorded: "Thank you, your choices are recorded.",
      invalid: "The form could not be recorded. Check your answers and try again.",
      unavailable: "The service is unavailable for a moment. Nothing was recorded: try again shortly.",
      noLabel: "This form is incomplete: a box has no label. Nothing was sent."
    }
  };

  function messages() {
    var lang = (document.documentElement.lang || "").toLowerCase();
    return lang.indexOf("en") === 0 ? MESSAGES.en : MESSAGES.fr;
  }

  function endpoint(form) {
    if (form.getAttribute("action")) {
      return form.action;
    }
    var base = script && script.src ? script.src : document.baseURI;
    return new URL("consents", base).href;
  }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") {
      return crypto.randomUUID();
    }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function problem(type, title, detail, errors) {
    var p = { type: "urn:consentfunctions:problem:" + type, title: title, status: 0, detail: detail };
    if (errors) {
      p.errors = errors;
    }
    return p;
  }

  function partnersOf(box) {
    var spec = box.getAttribute("data-partners");
    if (!spec) {
      return undefined;
    }
    var list = document.getElementById(spec);
    var names = list
      ? Array.prototype.map.call(list.querySelectorAll("li"), function (li) { return li.innerText.trim(); })
      : spec.split(";").map(function (n) { return n.trim(); });
    return names.filter(function (n) { return n.length > 0; });
  }

  // The submission as the capture route reads it, or a problem when a box has no label.
  function build(form) {
    var body = { subject: {}, form: { id: form.getAttribute("data-consent-form"), url: location.href }, consents: [] };
    var lang = document.documentElement.lang;
    if (lang) {
      body.form.language = lang;
    }
    var audience = form.elements.namedItem("audience");
    if (audience && audience.value) {
      body.audience = audience.value;
    } else if (form.getAttribute("data-audience")) {
      body.audience = form.getAttribute("data-audience");
    }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name.indexOf("subject.") === 0 && el.value) {
        body.subject[el.name.slice(8)] = el.value;
      }
    });
    var boxes = form.querySelectorAll("input[type=checkbox][data-purpose][data-channel]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var label = box.labels && box.labels.length > 0 ? box.labels[0] : null;
      var wording = label ? label.innerText : "";
      if (wording.trim().length === 0) {
        var path = "consents[" + i + "].wording";
        var errors = {};
        errors[path] = ["The box has no label: its wording cannot be proven, so nothing was sent."];
        return { problem: problem("missing-label", "A consent box has no label.", "Nothing was sent.", errors) };
      }
      var consent = {
        purpose: box.getAttribute("data-purpose"),
        channel: box.getAttribute("data-channel"),
        wording: wording,
        checked: box.checked,
        checkedByDefault: box.defaultChecked
      };
      if (box.getAttribute("data-mode") === "opt-out") {
        consent.mode = "opt-out";
      }
      var partners = partnersOf(box);
      if (partners) {
        consent.partners = partners;
      }
      var notice = box.getAttribute("data-notice");
      if (notice && notice.indexOf("@") > 0) {
        consent.noticeId = notice.slice(0, notice.lastIndexOf("@"));
        consent.noticeVersion = notice.slice(notice.lastIndexOf("@") + 1);
      }
      body.consents.push(consent);
    }
    return { body: body };
  }

  // A live region from the start, so that screen readers announce what is written into it later.
  function messageArea(form) {
    var area = form.querySelector("[data-consent-message]");
    if (!area) {
      area = document.createElement("p");
      area.setAttribute("data-consent-message", "");
      form.appendChild(area);
    }
    area.setAttribute("role", "status");
    area.setAttribute("aria-live", "polite");
    return area;
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // Posts with the same submissionId until an answer that is not a 503, at most MAX_TRIES times.
  function send(url, body, tryNumber) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      if (response.status === 503 && tryNumber < MAX_TRIES) {
        return wait(BACKOFF_MS * tryNumber).then(function () { return send(url, body, tryNumber + 1); });
      }
      return response.json().then(
        function (json) { return { status: response.status, json: json }; },
        function () { return { status: response.status, json: null }; });
    }, function (networkError) {
      if (tryNumber < MAX_TRIES) {
        return wait(BACKOFF_MS * tryNumber).then(function () { return send(url, body, tryNumber + 1); });
      }
      throw networkError;
    });
  }

  function report(form, area, name, text, detail) {
    area.textContent = text;
    form.dispatchEvent(new CustomEvent(name, { detail: detail, bubbles: true }));
  }

  function enhance(form) {
    if (form.hasAttribute("data-consent-ready")) {
      return;
    }
    form.setAttribute("data-consent-ready", "");
    var area = messageArea(form);
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      var text = messages();
      var built = build(form);
      if (built.problem) {
        report(form, area, "consent:error", text.noLabel, built.problem);
        return;
      }
      busy = true;
      built.body.submissionId = uuid();
      area.textContent = text.sending;
      send(endpoint(form), built.body, 1).then(function (answer) {
        if (answer.status === 200 || answer.status === 201) {
          report(form, area, "consent:recorded", text.recorded, answer.json);
        } else {
          var p = answer.json || problem("http-" + answer.status, "Not recorded.", "HTTP " + answer.status);
          report(form, area, "consent:error", answer.status >= 500 ? text.unavailable : text.invalid, p);
        }
      }, function () {
        report(form, area, "consent:error", text.unavailable,
          problem("network", "Network error.", "The server could not be reached; nothing was recorded."));
      }).then(function () { busy = false; });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-consent-form]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
