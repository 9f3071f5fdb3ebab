/**
 * Labinov: skrip untuk spreadsheet unit kerja dan Google Form usulan inovasi.
 * Mengirim pemberitahuan bertanda tangan (HMAC-SHA256) ke fungsi Labinov setelah staf
 * mengubah spreadsheet atau setelah formulir diisi. Kunci rahasia disimpan di Script
 * Properties, tidak pernah di dalam kode. Cara pasang: README.md di folder yang sama.
 *
 * The payloads and headers here must match src/http/signature.ts, src/http/sheetEditPayload.ts
 * and src/forms/formPayload.ts; test/apps-script/ runs this file under Node to keep them equal.
 */

var LABINOV_SIGNATURE_HEADER = 'x-labinov-signature';
var LABINOV_TIMESTAMP_HEADER = 'x-labinov-timestamp';

/** Names of the Script Properties this script reads (set them in Project Settings). */
var LABINOV_PROPERTY = {
  secret: 'LABINOV_SECRET',
  sheetEditedUrl: 'LABINOV_SHEET_EDITED_URL',
  formSubmittedUrl: 'LABINOV_FORM_SUBMITTED_URL',
  queuePrefix: 'LABINOV_ANTREAN_'
};

/** Every sentence the coordinator sees, in one place. */
var LABINOV_TEXT = {
  menu: 'Labinov',
  syncNow: 'Sinkronkan sekarang',
  checkFormat: 'Periksa format',
  installTriggers: 'Pasang pemicu',
  syncRequested: 'Permintaan sinkron terkirim. Data akan diperbarui dalam beberapa detik.',
  syncQueued: 'Server Labinov belum bisa dihubungi. Permintaan disimpan dan dikirim ulang otomatis tiap 10 menit.',
  refused: 'Permintaan ditolak server Labinov: ',
  missingSetting: 'Pengaturan belum lengkap di Script Properties: ',
  triggersInstalled: 'Pemicu Labinov terpasang: ',
  formatOk: 'Format sudah benar. ',
  formatProblems: 'Ada yang perlu diperbaiki:\n- ',
  noHeader: 'Baris 1 (judul kolom) kosong.',
  emptyHeader: 'Ada judul kolom kosong di antara judul lain, kolom ',
  duplicateHeader: 'Judul kolom dipakai lebih dari sekali: ',
  noIdColumn: 'Kolom "ID" tidak ada; Labinov memerlukannya untuk mengenali baris.',
  formulaCell: 'Sel berisi rumus (Labinov menyimpan teks, bukan rumus): ',
  noTrigger: 'Pemicu belum terpasang; pilih menu Labinov > Pasang pemicu.',
  queued: 'Antrean kirim ulang: ',
  notForForm: 'Menu ini hanya untuk spreadsheet.'
};

/* ---------- Menu ---------- */

function onOpen() {
  var ui = labinovUi_();
  if (!ui) return;
  ui.createMenu(LABINOV_TEXT.menu)
    .addItem(LABINOV_TEXT.syncNow, 'labinovSinkronkanSekarang')
    .addItem(LABINOV_TEXT.checkFormat, 'labinovPeriksaFormat')
    .addSeparator()
    .addItem(LABINOV_TEXT.installTriggers, 'labinovPasangPemicu')
    .addToUi();
}

function labinovUi_() {
  try {
    return SpreadsheetApp.getUi();
  } catch (notSheet) {
    try {
      return FormApp.getUi();
    } catch (noUi) {
      return null;
    }
  }
}

function labinovAlert_(message) {
  var ui = labinovUi_();
  if (ui) ui.alert(message);
  console.log(message);
}

/* ---------- Triggers (installable: they run with the installer's rights and may call UrlFetchApp) ---------- */

/** Installs the edit or form-submit trigger and the retry timer; running it twice keeps one of each. */
function labinovPasangPemicu() {
  var ours = ['labinovOnEdit', 'labinovOnFormSubmit', 'labinovKirimUlangAntrean'];
  ScriptApp.getProjectTriggers().forEach(function (trigger) {
    if (ours.indexOf(trigger.getHandlerFunction()) >= 0) ScriptApp.deleteTrigger(trigger);
  });
  var installed = [];
  var spreadsheet = labinovActiveSpreadsheet_();
  if (spreadsheet) {
    ScriptApp.newTrigger('labinovOnEdit').forSpreadsheet(spreadsheet).onEdit().create();
    installed.push('edit');
  } else {
    ScriptApp.newTrigger('labinovOnFormSubmit').forForm(FormApp.getActiveForm()).onFormSubmit().create();
    installed.push('form submit');
  }
  ScriptApp.newTrigger('labinovKirimUlangAntrean').timeBased().everyMinutes(10).create();
  installed.push('kirim ulang tiap 10 menit');
  labinovAlert_(LABINOV_TEXT.triggersInstalled + installed.join(', '));
}

function labinovActiveSpreadsheet_() {
  try {
    return SpreadsheetApp.getActiveSpreadsheet();
  } catch (notSheet) {
    return null;
  }
}

/** Installable onEdit: only people's edits fire it, never the sync's own API writes. */
function labinovOnEdit(e) {
  var payload = labinovEditPayload_(e.source.getId(), e.range.getSheet().getName(), e.range, e.user ? e.user.getEmail() : '');
  labinovDeliver_({ type: 'edit', payload: payload });
}

function labinovOnFormSubmit(e) {
  var payload = labinovFormPayload_(FormApp.getActiveForm().getId(), e.response);
  labinovDeliver_({ type: 'form', responseId: e.response.getId(), payload: payload });
}

function labinovSinkronkanSekarang() {
  var spreadsheet = labinovActiveSpreadsheet_();
  if (!spreadsheet) return labinovAlert_(LABINOV_TEXT.notForForm);
  var sheet = spreadsheet.getActiveSheet();
  var payload = labinovEditPayload_(spreadsheet.getId(), sheet.getName(), sheet.getDataRange(), labinovCurrentUser_());
  var outcome = labinovDeliver_({ type: 'edit', payload: payload });
  if (outcome.status === 'terkirim') labinovAlert_(LABINOV_TEXT.syncRequested);
  else if (outcome.status === 'antre') labinovAlert_(LABINOV_TEXT.syncQueued);
  else labinovAlert_(LABINOV_TEXT.refused + outcome.message);
}

function labinovCurrentUser_() {
  try {
    return Session.getActiveUser().getEmail() || '';
  } catch (unknown) {
    return '';
  }
}

/* ---------- Payloads (same shapes as the functions expect) ---------- */

function labinovColumnLetters_(column) {
  var letters = '';
  while (column > 0) {
    var rest = (column - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    column = (column - 1 - rest) / 26;
  }
  return letters;
}

/** Always "C5" or "B2:D9": whole-column notations like "C:C" are spelled out from the numbers. */
function labinovA1_(range) {
  var first = labinovColumnLetters_(range.getColumn()) + range.getRow();
  var lastRow = range.getRow() + range.getNumRows() - 1;
  var lastColumn = range.getColumn() + range.getNumColumns() - 1;
  var last = labinovColumnLetters_(lastColumn) + lastRow;
  return first === last ? first : first + ':' + last;
}

function labinovEditPayload_(spreadsheetId, sheetName, range, user) {
  return {
    kind: 'sheetEdit',
    eventId: 'edit-' + Utilities.getUuid(),
    spreadsheetId: spreadsheetId,
    sheetName: sheetName,
    range: labinovA1_(range),
    user: user || '',
    editedAt: new Date().toISOString()
  };
}

/** Answers as given: text stays text (the server and the sync never evaluate "=..."). */
function labinovAnswerValue_(answer) {
  if (Array.isArray(answer)) {
    return answer.map(function (part) {
      return Array.isArray(part) ? part.join(', ') : String(part === null ? '' : part);
    });
  }
  return answer === null || answer === undefined ? '' : String(answer);
}

function labinovFormPayload_(formId, response) {
  var answers = response.getItemResponses().map(function (itemResponse) {
    return { title: itemResponse.getItem().getTitle(), value: labinovAnswerValue_(itemResponse.getResponse()) };
  });
  return {
    kind: 'formSubmit',
    eventId: 'form-' + response.getId(),
    formId: formId,
    responseId: response.getId(),
    submittedAt: response.getTimestamp().toISOString(),
    respondentEmail: response.getRespondentEmail() || '',
    answers: answers
  };
}

/* ---------- Signing and sending ---------- */

/** Apps Script gives signed bytes (-128..127); the server compares lowercase hex. */
function labinovHex_(bytes) {
  return bytes
    .map(function (b) {
      var unsigned = b < 0 ? b + 256 : b;
      return (unsigned < 16 ? '0' : '') + unsigned.toString(16);
    })
    .join('');
}

function labinovSign_(secret, timestampMs, body) {
  var bytes = Utilities.computeHmacSha256Signature(String(timestampMs) + '.' + body, secret, Utilities.Charset.UTF_8);
  return labinovHex_(bytes);
}

function labinovSettings_() {
  var properties = PropertiesService.getScriptProperties();
  var settings = {
    secret: properties.getProperty(LABINOV_PROPERTY.secret),
    sheetEditedUrl: properties.getProperty(LABINOV_PROPERTY.sheetEditedUrl),
    formSubmittedUrl: properties.getProperty(LABINOV_PROPERTY.formSubmittedUrl)
  };
  return settings;
}

/** Posts once, freshly signed. Returns {status: 'terkirim' | 'ditolak' | 'antre', code, message}. */
function labinovPost_(url, secret, payload) {
  var body = JSON.stringify(payload);
  var timestamp = Date.now();
  var headers = {};
  headers[LABINOV_TIMESTAMP_HEADER] = String(timestamp);
  headers[LABINOV_SIGNATURE_HEADER] = labinovSign_(secret, timestamp, body);
  var response;
  try {
    response = UrlFetchApp.fetch(url, {
      method: 'post',
      contentType: 'application/json; charset=utf-8',
      payload: body,
      headers: headers,
      muteHttpExceptions: true,
      followRedirects: false
    });
  } catch (networkError) {
    return { status: 'antre', code: 0, message: String(networkError) };
  }
  var code = response.getResponseCode();
  var message = '';
  try {
    message = JSON.parse(response.getContentText()).message || '';
  } catch (notJson) {
    message = response.getContentText().slice(0, 200);
  }
  // 409: this very request was already received. 2xx: done. 4xx: our data is wrong, a retry
  // would not help (the coordinator reads the log). 5xx/429: the server may recover: keep it.
  if ((code >= 200 && code < 300) || code === 409) return { status: 'terkirim', code: code, message: message };
  if (code >= 400 && code < 500 && code !== 429 && code !== 408) return { status: 'ditolak', code: code, message: message };
  return { status: 'antre', code: code, message: message };
}

/** Sends an item now; if the server cannot take it, keeps it in Script Properties for the retry timer. */
function labinovDeliver_(item) {
  var settings = labinovSettings_();
  var url = item.type === 'form' ? settings.formSubmittedUrl : settings.sheetEditedUrl;
  if (!settings.secret || !url) {
    var missing = [];
    if (!settings.secret) missing.push(LABINOV_PROPERTY.secret);
    if (!url) missing.push(item.type === 'form' ? LABINOV_PROPERTY.formSubmittedUrl : LABINOV_PROPERTY.sheetEditedUrl);
    console.error(LABINOV_TEXT.missingSetting + missing.join(', '));
    return { status: 'ditolak', code: 0, message: LABINOV_TEXT.missingSetting + missing.join(', ') };
  }
  var outcome = labinovPost_(url, settings.secret, item.payload);
  if (outcome.status === 'antre') {
    labinovQueue_(item);
    console.warn('Labinov: server belum bisa dihubungi (' + outcome.code + '), disimpan untuk dikirim ulang: ' + item.payload.eventId);
  } else if (outcome.status === 'ditolak') {
    console.error(LABINOV_TEXT.refused + outcome.code + ' ' + outcome.message);
  }
  return outcome;
}

/** One property per item (a property holds at most 9 KB): forms keep only the response id. */
function labinovQueue_(item) {
  var stored = item.type === 'form' ? { type: 'form', responseId: item.responseId, eventId: item.payload.eventId } : item;
  PropertiesService.getScriptProperties().setProperty(LABINOV_PROPERTY.queuePrefix + item.payload.eventId, JSON.stringify(stored));
}

/** Timer: sends every kept item again, newly signed; removes those the server took or refused for good. */
function labinovKirimUlangAntrean() {
  var properties = PropertiesService.getScriptProperties();
  var all = properties.getProperties();
  Object.keys(all).forEach(function (key) {
    if (key.indexOf(LABINOV_PROPERTY.queuePrefix) !== 0) return;
    var item = JSON.parse(all[key]);
    if (item.type === 'form') {
      var form = FormApp.getActiveForm();
      item.payload = labinovFormPayload_(form.getId(), form.getResponse(item.responseId));
    }
    var settings = labinovSettings_();
    var url = item.type === 'form' ? settings.formSubmittedUrl : settings.sheetEditedUrl;
    var outcome = labinovPost_(url, settings.secret, item.payload);
    if (outcome.status !== 'antre') properties.deleteProperty(key);
    if (outcome.status === 'ditolak') console.error(LABINOV_TEXT.refused + outcome.code + ' ' + outcome.message);
  });
}

/* ---------- Periksa format ---------- */

/** Checks what breaks a sync and people can fix: settings, trigger, header row, formulas in data. */
function labinovPeriksaFormat() {
  var problems = [];
  var settings = labinovSettings_();
  if (!settings.secret) problems.push(LABINOV_TEXT.missingSetting + LABINOV_PROPERTY.secret);
  var spreadsheet = labinovActiveSpreadsheet_();
  if (!spreadsheet) return labinovAlert_(LABINOV_TEXT.notForForm);
  if (!settings.sheetEditedUrl) problems.push(LABINOV_TEXT.missingSetting + LABINOV_PROPERTY.sheetEditedUrl);
  var hasTrigger = ScriptApp.getProjectTriggers().some(function (trigger) {
    return trigger.getHandlerFunction() === 'labinovOnEdit';
  });
  if (!hasTrigger) problems.push(LABINOV_TEXT.noTrigger);
  var sheet = spreadsheet.getActiveSheet();
  problems = problems.concat(labinovHeaderProblems_(sheet.getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1)).getValues()[0]));
  if (sheet.getLastRow() > 1) {
    var formulas = sheet.getRange(2, 1, sheet.getLastRow() - 1, Math.max(sheet.getLastColumn(), 1)).getFormulas();
    var cells = [];
    formulas.forEach(function (row, r) {
      row.forEach(function (formula, c) {
        if (formula && cells.length < 10) cells.push(labinovColumnLetters_(c + 1) + (r + 2));
      });
    });
    if (cells.length > 0) problems.push(LABINOV_TEXT.formulaCell + cells.join(', '));
  }
  var queued = Object.keys(PropertiesService.getScriptProperties().getProperties()).filter(function (key) {
    return key.indexOf(LABINOV_PROPERTY.queuePrefix) === 0;
  }).length;
  var queueNote = queued > 0 ? ' ' + LABINOV_TEXT.queued + queued : '';
  labinovAlert_(problems.length === 0 ? LABINOV_TEXT.formatOk + queueNote : LABINOV_TEXT.formatProblems + problems.join('\n- ') + queueNote);
  return problems;
}

function labinovHeaderProblems_(headers) {
  var problems = [];
  var names = headers.map(function (header) {
    return String(header).trim();
  });
  var lastFilled = -1;
  names.forEach(function (name, index) {
    if (name) lastFilled = index;
  });
  if (lastFilled < 0) return [LABINOV_TEXT.noHeader];
  var seen = {};
  for (var i = 0; i <= lastFilled; i++) {
    var key = names[i].toLowerCase();
    if (!key) problems.push(LABINOV_TEXT.emptyHeader + labinovColumnLetters_(i + 1));
    else if (seen[key]) problems.push(LABINOV_TEXT.duplicateHeader + names[i]);
    seen[key] = true;
  }
  if (!seen['id'] && !seen['id labinov'] && !seen['id data']) problems.push(LABINOV_TEXT.noIdColumn);
  return problems;
}
