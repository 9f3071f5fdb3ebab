/**
 * Labinov: skrip untuk spreadsheet unit kerja dan Google Form usulan inovasi.
 * Mengirim pemberitahuan bertanda tangan (HMAC-SHA256) ke fungsi Labinov setelah staf
 * mengubah spreadsheet (isi maupun struktur: baris/kolom disisipkan atau dihapus) atau setelah
 * formulir diisi. Kunci rahasia disimpan di Script Properties, tidak pernah di dalam kode.
 * Cara pasang: README.md di folder yang sama.
 *
 * Installable triggers all run as the one account that installed them, inside that account's
 * Apps Script quotas (30 simultaneous executions, trigger runtime per day, URL fetches per day):
 * the server answers at once, and edits of one spreadsheet share one pending notice.
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
  queuePrefix: 'LABINOV_ANTREAN_',
  /** Email of the one account whose triggers serve this spreadsheet or form. */
  installer: 'LABINOV_PEMASANG'
};

/** Script Cache keys: a notice in flight for this spreadsheet, and edits made meanwhile. */
var LABINOV_CACHE = {
  sending: 'LABINOV_SEDANG_MENGIRIM',
  journal: 'LABINOV_SEL_DIUBAH',
  editedMeanwhile: 'LABINOV_ADA_PERUBAHAN_BARU',
  queueFull: 'LABINOV_ANTREAN_PENUH'
};
/** A notice in flight is forgotten after this long, should its execution die before clearing it. */
var LABINOV_PENDING_SECONDS = 120;
/** How long an execution waits for the script lock before giving up on sharing a notice. */
var LABINOV_LOCK_MS = 10000;
/** Upper bound of follow-up notices one execution sends for edits made while it was sending. */
var LABINOV_MAX_FOLLOW_UPS = 5;
/**
 * Edited cells sent along for the server's edit journal (sheets/sync/journal.ts), per edit and
 * per notice; a larger paste is simply read by the next sync run.
 */
var LABINOV_JOURNAL_MAX_CELLS = 50;
var LABINOV_JOURNAL_MAX_PER_NOTICE = 200;
var LABINOV_JOURNAL_MAX_TEXT = 2000;
/** Headers of labinov's ID column (sheets/layout/labels.ts). */
var LABINOV_ID_HEADERS = ['id', 'id labinov', 'id data'];

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
  triggersOf: 'Pemicu dipasang oleh ',
  otherInstaller: 'Pemicu sudah dipasang oleh akun lain: ',
  otherInstallerHelp: '. Pemasangan kedua membuat setiap perubahan terkirim dua kali, jadi tidak dilanjutkan. ' +
    'Bila akun itu tidak aktif lagi, hapus properti skrip LABINOV_PEMASANG lalu pasang ulang.',
  lockBusy: 'Skrip sedang dipakai proses lain; coba lagi sebentar lagi.',
  queueFull: 'Antrean kirim ulang penuh (Script Properties maks. 500 KB): pemberitahuan ini tidak disimpan. ' +
    'Perubahan tetap masuk lewat sinkron terjadwal tiap 15 menit. ',
  queueFullNote: 'Antrean kirim ulang pernah penuh sejak ',
  queued: 'Antrean kirim ulang: ',
  responseGone: 'Jawaban formulir sudah dihapus, tidak dikirim ulang: ',
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

/**
 * Installs the edit and change triggers (spreadsheet) or the form-submit trigger (form), and
 * the retry timer; running it twice keeps one of each. Only one account may install: every
 * installable trigger runs as its installer, so a second installer would send each edit twice.
 */
function labinovPasangPemicu() {
  var lock = LockService.getScriptLock();
  if (!lock.tryLock(LABINOV_LOCK_MS)) return labinovAlert_(LABINOV_TEXT.lockBusy);
  try {
    var properties = PropertiesService.getScriptProperties();
    var me = labinovEffectiveUser_();
    var installer = properties.getProperty(LABINOV_PROPERTY.installer);
    if (installer && installer !== me) {
      labinovAlert_(LABINOV_TEXT.otherInstaller + installer + LABINOV_TEXT.otherInstallerHelp);
      return { installed: false, installer: installer };
    }
    var ours = ['labinovOnEdit', 'labinovOnChange', 'labinovOnFormSubmit', 'labinovKirimUlangAntrean'];
    ScriptApp.getProjectTriggers().forEach(function (trigger) {
      if (ours.indexOf(trigger.getHandlerFunction()) >= 0) ScriptApp.deleteTrigger(trigger);
    });
    var installed = [];
    var spreadsheet = labinovActiveSpreadsheet_();
    if (spreadsheet) {
      ScriptApp.newTrigger('labinovOnEdit').forSpreadsheet(spreadsheet).onEdit().create();
      ScriptApp.newTrigger('labinovOnChange').forSpreadsheet(spreadsheet).onChange().create();
      installed.push('edit', 'change (baris/kolom)');
    } else {
      ScriptApp.newTrigger('labinovOnFormSubmit').forForm(FormApp.getActiveForm()).onFormSubmit().create();
      installed.push('form submit');
    }
    ScriptApp.newTrigger('labinovKirimUlangAntrean').timeBased().everyMinutes(10).create();
    installed.push('kirim ulang tiap 10 menit');
    properties.setProperty(LABINOV_PROPERTY.installer, me);
    labinovAlert_(LABINOV_TEXT.triggersInstalled + installed.join(', ') + ' (' + me + ')');
    return { installed: true, installer: me };
  } finally {
    lock.releaseLock();
  }
}

/** The account this execution runs as (for a trigger: its installer). */
function labinovEffectiveUser_() {
  try {
    return Session.getEffectiveUser().getEmail() || '(akun tanpa email)';
  } catch (unknown) {
    return '(akun tanpa email)';
  }
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
  var payload = labinovEditPayload_(e.source.getId(), e.range.getSheet().getName(), e.range, e.user ? e.user.getEmail() : '', 'EDIT');
  var cells = labinovEditedCells_(e.range, e.source);
  if (cells && cells.length > 0) payload.cells = cells;
  return labinovNotify_(payload);
}

/**
 * The edited cells as the server's edit journal keeps them: each with its row's ID and its
 * column's header at this moment, so an edit a sync write overwrote in the same instant is still
 * applied. Undefined when the edit is too large or cannot be read (the run reads the sheet anyway).
 */
function labinovEditedCells_(range, source) {
  try {
    var rows = range.getNumRows();
    var columns = range.getNumColumns();
    if (rows * columns > LABINOV_JOURNAL_MAX_CELLS) return undefined;
    var sheet = range.getSheet();
    var header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    var idColumn = 0;
    for (var c = 0; c < header.length && idColumn === 0; c++) {
      if (LABINOV_ID_HEADERS.indexOf(String(header[c]).trim().toLowerCase()) >= 0) idColumn = c + 1;
    }
    if (idColumn === 0) return undefined;
    var ids = sheet.getRange(range.getRow(), idColumn, rows, 1).getValues();
    var values = range.getValues();
    var timeZone = source && source.getSpreadsheetTimeZone ? source.getSpreadsheetTimeZone() : 'Asia/Jakarta';
    var cells = [];
    for (var r = 0; r < rows; r++) {
      if (range.getRow() + r === 1) continue; // a header edit changes structure, not data
      var rowId = String(ids[r][0] === null ? '' : ids[r][0]).trim();
      if (rowId === '') continue; // a new row has no record yet to lose an edit from
      for (var k = 0; k < columns; k++) {
        var column = range.getColumn() + k;
        var value = labinovJournalValue_(values[r][k], timeZone);
        if (column === idColumn || (typeof value === 'string' && value.length > LABINOV_JOURNAL_MAX_TEXT)) continue;
        cells.push({ rowId: rowId, header: String(header[column - 1] === null ? '' : header[column - 1]), value: value });
      }
    }
    return cells;
  } catch (unreadable) {
    return undefined;
  }
}

/** A cell value as the sync reads it (UNFORMATTED_VALUE): a date as its serial number. */
function labinovJournalValue_(value, timeZone) {
  if (value instanceof Date) {
    var parts = Utilities.formatDate(value, timeZone, 'yyyy,MM,dd,HH,mm,ss').split(',').map(Number);
    return (Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]) - Date.UTC(1899, 11, 30)) / 86400000;
  }
  return value === undefined ? null : value;
}

/**
 * Installable onChange: rows or columns inserted or removed, sheets added, sorts (OTHER).
 * A cell edit fires it too (changeType EDIT), but onEdit already sent that one, with its range;
 * a FORMAT change alters no value the sync reads.
 */
function labinovOnChange(e) {
  if (!e || e.changeType === 'EDIT' || e.changeType === 'FORMAT') return null;
  var spreadsheet = e.source || SpreadsheetApp.getActiveSpreadsheet();
  var payload = labinovEditPayload_(spreadsheet.getId(), spreadsheet.getActiveSheet().getName(), null, e.user ? e.user.getEmail() : '', e.changeType);
  return labinovNotify_(payload);
}

/**
 * One pending notice per spreadsheet: the first execution sends; executions that fire while it
 * is sending only mark "edited meanwhile" (Script Cache, under the script lock) and end at once;
 * the sender then sends one follow-up covering them. All notices mean "sync this spreadsheet",
 * so thirty edits at once cost two requests, not thirty executions waiting on the network.
 */
function labinovNotify_(payload) {
  var cache = CacheService.getScriptCache();
  var lock = LockService.getScriptLock();
  // Without the lock we cannot coordinate: send alone rather than lose the notice.
  if (!lock.tryLock(LABINOV_LOCK_MS)) return labinovDeliver_({ type: 'edit', payload: payload });
  var someoneSending;
  try {
    someoneSending = cache.get(LABINOV_CACHE.sending) !== null;
    cache.put(someoneSending ? LABINOV_CACHE.editedMeanwhile : LABINOV_CACHE.sending, payload.eventId, LABINOV_PENDING_SECONDS);
    // A coalesced edit's cells ride on the follow-up notice, so the journal still gets them.
    if (someoneSending && payload.cells) labinovKeepCells_(cache, payload.cells);
  } finally {
    lock.releaseLock();
  }
  if (someoneSending) return { status: 'digabung', code: 0, message: '' };

  var outcome = labinovDeliver_({ type: 'edit', payload: payload });
  for (var followUps = 0; ; followUps++) {
    if (!lock.tryLock(LABINOV_LOCK_MS)) return outcome; // the "sending" mark expires by itself
    var editedMeanwhile;
    var cells = null;
    try {
      editedMeanwhile = cache.get(LABINOV_CACHE.editedMeanwhile) !== null && followUps < LABINOV_MAX_FOLLOW_UPS;
      cache.remove(LABINOV_CACHE.editedMeanwhile);
      if (editedMeanwhile) {
        cells = cache.get(LABINOV_CACHE.journal);
        cache.remove(LABINOV_CACHE.journal);
      }
      if (!editedMeanwhile) cache.remove(LABINOV_CACHE.sending);
    } finally {
      lock.releaseLock();
    }
    if (!editedMeanwhile) return outcome;
    outcome = labinovDeliver_({ type: 'edit', payload: labinovFollowUpPayload_(payload, cells ? JSON.parse(cells) : null) });
  }
}

/** Under the script lock: adds cells to those the next follow-up notice carries (bounded). */
function labinovKeepCells_(cache, cells) {
  var kept = JSON.parse(cache.get(LABINOV_CACHE.journal) || '[]');
  kept = kept.concat(cells).slice(0, LABINOV_JOURNAL_MAX_PER_NOTICE);
  cache.put(LABINOV_CACHE.journal, JSON.stringify(kept), LABINOV_PENDING_SECONDS);
}

/** The notice for edits made while another was in flight: same spreadsheet, no single range. */
function labinovFollowUpPayload_(payload, cells) {
  var followUp = {
    kind: 'sheetEdit',
    eventId: 'edit-' + Utilities.getUuid(),
    spreadsheetId: payload.spreadsheetId,
    sheetName: payload.sheetName,
    changeType: 'OTHER',
    user: '',
    editedAt: new Date().toISOString()
  };
  if (cells && cells.length > 0) followUp.cells = cells;
  return followUp;
}

function labinovOnFormSubmit(e) {
  var payload = labinovFormPayload_(FormApp.getActiveForm(), e.response);
  labinovDeliver_({ type: 'form', responseId: e.response.getId(), payload: payload });
}

function labinovSinkronkanSekarang() {
  var spreadsheet = labinovActiveSpreadsheet_();
  if (!spreadsheet) return labinovAlert_(LABINOV_TEXT.notForForm);
  var sheet = spreadsheet.getActiveSheet();
  var payload = labinovEditPayload_(spreadsheet.getId(), sheet.getName(), sheet.getDataRange(), labinovCurrentUser_(), 'EDIT');
  var outcome = labinovDeliver_({ type: 'edit', payload: payload });
  if (outcome.status === 'terkirim') labinovAlert_(LABINOV_TEXT.syncRequested);
  else if (outcome.status === 'antre') labinovAlert_(LABINOV_TEXT.syncQueued);
  else if (outcome.status === 'hilang') labinovAlert_(LABINOV_TEXT.queueFull);
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

/** range may be null (a structural change has none); changeType as Apps Script's onChange names it. */
function labinovEditPayload_(spreadsheetId, sheetName, range, user, changeType) {
  var payload = {
    kind: 'sheetEdit',
    eventId: 'edit-' + Utilities.getUuid(),
    spreadsheetId: spreadsheetId,
    sheetName: sheetName,
    changeType: changeType || 'EDIT',
    user: user || '',
    editedAt: new Date().toISOString()
  };
  if (range) payload.range = labinovA1_(range);
  return payload;
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

/**
 * True only when the form collects *verified* emails (respondents sign in with Google), so
 * getRespondentEmail() is the respondent's own address; the server mails a confirmation to
 * any other address only on the city's allowed domains. Forms without getEmailCollectionType
 * (older Apps Script) count as unverified.
 * https://developers.google.com/apps-script/reference/forms/form#getEmailCollectionType()
 * https://developers.google.com/apps-script/reference/forms/form-response#getRespondentEmail()
 */
function labinovCollectsVerifiedEmail_(form) {
  try {
    return String(form.getEmailCollectionType()) === String(FormApp.EmailCollectionType.VERIFIED);
  } catch (unavailable) {
    return false;
  }
}

function labinovFormPayload_(form, response) {
  var answers = response.getItemResponses().map(function (itemResponse) {
    return { title: itemResponse.getItem().getTitle(), value: labinovAnswerValue_(itemResponse.getResponse()) };
  });
  var respondentEmail = response.getRespondentEmail() || '';
  return {
    kind: 'formSubmit',
    eventId: 'form-' + response.getId(),
    formId: form.getId(),
    responseId: response.getId(),
    submittedAt: response.getTimestamp().toISOString(),
    respondentEmail: respondentEmail,
    respondentEmailVerified: respondentEmail !== '' && labinovCollectsVerifiedEmail_(form),
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

/**
 * Posts once, freshly signed. Returns {status: 'terkirim' | 'ditolak' | 'antre', code, message};
 * labinovDeliver_ turns 'antre' into 'hilang' when the retry queue is full, labinovNotify_
 * answers 'digabung' when another execution's notice covers this edit.
 */
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
  // 409: this very edit notice was already received (formSubmitted answers a resent response
  // 200 with its first answer). 2xx: done. 4xx: our data is wrong, a retry
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
    if (labinovQueue_(item)) console.warn('Labinov: server belum bisa dihubungi (' + outcome.code + '), disimpan untuk dikirim ulang: ' + item.payload.eventId);
    else outcome.status = 'hilang';
  } else if (outcome.status === 'ditolak') {
    console.error(LABINOV_TEXT.refused + outcome.code + ' ' + outcome.message);
  }
  return outcome;
}

/**
 * Keeps an item for the retry timer: at most one edit notice per spreadsheet (they all mean
 * "sync this one", so a newer one replaces the older), one entry per form response (only its
 * id: a property holds at most 9 KB, the store 500 KB). A full store is reported, never thrown:
 * the edit still reaches the server through the 15-minute reconcile.
 */
function labinovQueue_(item) {
  var key = item.type === 'form'
    ? LABINOV_PROPERTY.queuePrefix + 'form_' + item.responseId
    : LABINOV_PROPERTY.queuePrefix + 'sheet_' + item.payload.spreadsheetId;
  var stored = item.type === 'form' ? { type: 'form', responseId: item.responseId, eventId: item.payload.eventId } : item;
  try {
    PropertiesService.getScriptProperties().setProperty(key, JSON.stringify(stored));
    return true;
  } catch (full) {
    console.error(LABINOV_TEXT.queueFull + item.payload.eventId + ': ' + full);
    try {
      CacheService.getScriptCache().put(LABINOV_CACHE.queueFull, new Date().toISOString(), 21600);
    } catch (noCache) {
      // Reported in the log above; nothing more can be kept.
    }
    return false;
  }
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
      var response = form.getResponse(item.responseId);
      if (!response) {
        // Deleted from the form since: nothing left to send, and one bad entry must not stop the rest.
        console.error(LABINOV_TEXT.responseGone + item.responseId);
        properties.deleteProperty(key);
        return;
      }
      item.payload = labinovFormPayload_(form, response);
    }
    var settings = labinovSettings_();
    var url = item.type === 'form' ? settings.formSubmittedUrl : settings.sheetEditedUrl;
    var outcome = labinovPost_(url, settings.secret, item.payload);
    // Only if nobody replaced it meanwhile with a newer notice for the same spreadsheet.
    if (outcome.status !== 'antre' && properties.getProperty(key) === all[key]) properties.deleteProperty(key);
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
  var triggerCheck = labinovTriggerCheck_();
  if (!triggerCheck.ok) problems.push(triggerCheck.message);
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
  var queueNote = (queued > 0 ? ' ' + LABINOV_TEXT.queued + queued : '') + (triggerCheck.ok ? ' ' + triggerCheck.message : '');
  var fullSince = CacheService.getScriptCache().get(LABINOV_CACHE.queueFull);
  if (fullSince) queueNote += ' ' + LABINOV_TEXT.queueFullNote + fullSince;
  labinovAlert_(problems.length === 0 ? LABINOV_TEXT.formatOk + queueNote : LABINOV_TEXT.formatProblems + problems.join('\n- ') + queueNote);
  return problems;
}

/**
 * Whether this spreadsheet's triggers are installed. getProjectTriggers() lists only the
 * current user's triggers, so for everyone but the installer the stored installer decides.
 */
function labinovTriggerCheck_() {
  var installer = PropertiesService.getScriptProperties().getProperty(LABINOV_PROPERTY.installer);
  if (!installer) return { ok: false, message: LABINOV_TEXT.noTrigger };
  if (installer !== labinovEffectiveUser_()) return { ok: true, message: LABINOV_TEXT.triggersOf + installer + '.' };
  var handlers = ScriptApp.getProjectTriggers().map(function (trigger) {
    return trigger.getHandlerFunction();
  });
  var complete = handlers.indexOf('labinovOnEdit') >= 0 && handlers.indexOf('labinovOnChange') >= 0;
  return complete ? { ok: true, message: LABINOV_TEXT.triggersOf + installer + '.' } : { ok: false, message: LABINOV_TEXT.noTrigger };
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
