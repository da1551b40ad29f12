/// Shared CSS and JavaScript of the sandbox's pages (no external assets).
enum PageStyle {
    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f4f6;color:#222}
    header{background:#f14635;color:#fff;padding:14px 20px;font-size:22px;font-weight:700}
    header small{font-weight:400;font-size:13px;opacity:.85;margin-left:10px}
    main{max-width:880px;margin:0 auto;padding:16px}
    section{background:#fff;border-radius:12px;padding:16px;margin-bottom:16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
    h2{font-size:18px;margin:0 0 12px}
    label{display:inline-block;margin:4px 12px 4px 0;font-size:14px}
    input,select{font-size:15px;padding:6px 8px;border:1px solid #ccc;border-radius:6px}
    button{font-size:15px;padding:7px 14px;border:0;border-radius:6px;cursor:pointer;background:#e0e0e6}
    button.pay{background:#f14635;color:#fff}
    button:disabled{opacity:.5;cursor:default}
    .invoice{border:1px solid #eee;border-radius:10px;padding:12px;margin:8px 0;display:flex;justify-content:space-between;align-items:center;gap:12px}
    .amount{font-size:20px;font-weight:700}
    .muted{color:#777;font-size:13px}
    .status{font-size:13px;padding:2px 8px;border-radius:10px;background:#eee}
    .status.Processed{background:#d8f5dc}.status.Error{background:#fde0dc}.status.Wait{background:#fff3c4}
    table{border-collapse:collapse;width:100%;font-size:13px}
    td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
    pre{white-space:pre-wrap;word-break:break-all;margin:0;font-size:12px}
    .error{color:#b00020}
    """

    /// Helpers: `api(method, path, body)`, `statusText(p)`, `leftText(seconds)`, `esc(text)`.
    static let script = """
    async function api(method, path, body) {
      const options = {method, headers: {}};
      if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
      const response = await fetch('/sandbox/' + path, options);
      const data = await response.json();
      if (!data.ok) throw new Error(data.error || ('HTTP ' + response.status));
      return data.result;
    }
    function esc(text) {
      return String(text ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
    }
    function statusText(p) {
      if (p.status === 'QrTokenCreated') return 'Ожидает оплаты';
      if (p.status === 'Wait') return 'Открыт, ожидает подтверждения';
      if (p.status === 'Processed') return p.returned_tiyn > 0 ? 'Оплачен (есть возвраты)' : 'Оплачен';
      return {declined: 'Отклонён', expired: 'Истёк', cancelled: 'Отменён продавцом', test_error: 'Ошибка'}[p.error_reason] || 'Ошибка';
    }
    function leftText(seconds) {
      if (seconds === null || seconds === undefined) return '';
      const m = Math.floor(seconds / 60), s = seconds % 60;
      return 'осталось ' + m + ' мин ' + (s < 10 ? '0' : '') + s + ' с';
    }
    """
}
