/// The page at `/`: a payer's Kaspi app in miniature (invoices for a phone, «Оплатить» / «Отклонить»), the
/// pay-by-account form that makes the sandbox call the merchant as Kaspi does, and the exchange log.
enum KaspiPage {
    static let html = """
    <!doctype html>
    <html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
    <title>Kaspi — песочница</title><style>\(PageStyle.css)</style></head>
    <body>
    <header>Kaspi<small>песочница ЖильеGO</small></header>
    <main>
    <section>
      <h2>Счета на оплату</h2>
      <form id="phone-form">
        <label>Номер телефона <input id="phone" name="phone" placeholder="+7 701 123 45 67" autocomplete="tel"></label>
        <button type="submit">Показать счета</button>
      </form>
      <div id="invoices" class="muted">Введите номер телефона, на который выставлен счёт.</div>
    </section>
    <section>
      <h2>Оплата по номеру счёта</h2>
      <form id="account-form">
        <label>Номер брони <input id="account" required placeholder="100042"></label>
        <label>Сумма, ₸ <input id="sum" required placeholder="15000.00" size="10"></label>
        <label>Сценарий <select id="mode">
          <option value="normal">обычный (check, затем pay)</option>
          <option value="replay">повтор того же txn_id</option>
          <option value="timeout">таймаут первого pay</option>
          <option value="malformed">некорректный запрос</option>
        </select></label>
        <label>Адрес источника <input id="source" placeholder="по умолчанию" size="12"></label>
        <label><input type="checkbox" id="skip-check"> без check</label>
        <button type="submit" class="pay">Оплатить</button>
      </form>
      <div id="account-result"></div>
    </section>
    <section>
      <h2>Журнал запросов к продавцу</h2>
      <button id="refresh-log" type="button">Обновить</button>
      <div id="log"></div>
    </section>
    </main>
    <script>
    \(PageStyle.script)
    let currentPhone = localStorage.getItem('kaspi-phone') || '';
    const phoneInput = document.getElementById('phone');
    phoneInput.value = currentPhone;

    async function loadInvoices() {
      const box = document.getElementById('invoices');
      if (!currentPhone) return;
      try {
        const list = await api('GET', 'invoices?phone=' + encodeURIComponent(currentPhone));
        if (list.length === 0) { box.innerHTML = '<p class="muted">Счетов нет.</p>'; return; }
        box.innerHTML = list.map(p => {
          const open = p.status === 'QrTokenCreated' || p.status === 'Wait';
          return '<div class="invoice"><div><div class="amount">' + esc(p.amount_display) + '</div>' +
            '<div>' + esc(p.comment || '') + '</div>' +
            '<div class="muted">№ ' + p.id + ' · <span class="status ' + p.status + '">' + esc(statusText(p)) + '</span> ' +
            (open ? esc(leftText(p.seconds_left)) : '') + '</div></div>' +
            (open ? '<div><button class="pay" data-pay="' + p.id + '">Оплатить</button> ' +
                    '<button data-decline="' + p.id + '">Отклонить</button></div>' : '') + '</div>';
        }).join('');
      } catch (error) {
        box.innerHTML = '<p class="error">' + esc(error.message) + '</p>';
      }
    }

    document.getElementById('phone-form').addEventListener('submit', event => {
      event.preventDefault();
      currentPhone = phoneInput.value.trim();
      localStorage.setItem('kaspi-phone', currentPhone);
      loadInvoices();
    });

    document.getElementById('invoices').addEventListener('click', async event => {
      const pay = event.target.dataset.pay, decline = event.target.dataset.decline;
      if (!pay && !decline) return;
      event.target.disabled = true;
      try {
        await api('POST', 'payments/' + (pay || decline) + '/' + (pay ? 'pay' : 'decline'));
      } catch (error) {
        alert(error.message);
      }
      loadInvoices();
    });

    function exchangeRows(list) {
      if (list.length === 0) return '<p class="muted">Запросов ещё не было.</p>';
      return '<table><tr><th>txn_id</th><th>команда</th><th>попытка</th><th>HTTP</th><th>ответ</th></tr>' +
        list.map(x => '<tr><td>' + esc(x.txn_id) + '</td><td>' + esc(x.command) + '</td><td>' + x.attempt +
          '</td><td>' + esc(x.http_status ?? '—') + '</td><td><pre>' +
          esc(x.error ? 'ошибка: ' + x.error : x.body) + (x.note ? '\\n(' + esc(x.note) + ')' : '') +
          '</pre></td></tr>').join('') + '</table>';
    }

    document.getElementById('account-form').addEventListener('submit', async event => {
      event.preventDefault();
      const box = document.getElementById('account-result');
      box.innerHTML = '<p class="muted">Отправляем…</p>';
      const request = {account: document.getElementById('account').value.trim(),
                       sum: document.getElementById('sum').value.trim().replace(',', '.'),
                       mode: document.getElementById('mode').value,
                       skip_check: document.getElementById('skip-check').checked};
      const source = document.getElementById('source').value.trim();
      if (source) request.source_address = source;
      try {
        const outcome = await api('POST', 'account-payments', request);
        const words = {paid: 'оплачено', check_refused: 'check отклонён — pay не отправлялся', refused: 'pay отклонён',
                       gave_up: 'ответа нет — Kaspi сдался', malformed_sent: 'некорректный запрос отправлен'};
        box.innerHTML = '<p><b>' + esc(words[outcome.outcome] || outcome.outcome) + '</b>' +
          (outcome.result !== null && outcome.result !== undefined ? ' · result ' + outcome.result : '') +
          (outcome.replay_identical !== null && outcome.replay_identical !== undefined
            ? ' · повтор ' + (outcome.replay_identical ? 'получил тот же ответ' : 'получил ДРУГОЙ ответ') : '') +
          '</p>' + exchangeRows(outcome.exchanges);
      } catch (error) {
        box.innerHTML = '<p class="error">' + esc(error.message) + '</p>';
      }
      loadLog();
    });

    async function loadLog() {
      try {
        const list = await api('GET', 'account-exchanges');
        document.getElementById('log').innerHTML = exchangeRows(list.slice(-30).reverse());
      } catch (error) {
        document.getElementById('log').innerHTML = '<p class="error">' + esc(error.message) + '</p>';
      }
    }
    document.getElementById('refresh-log').addEventListener('click', loadLog);

    loadInvoices();
    loadLog();
    setInterval(loadInvoices, 2000);
    </script>
    </body></html>
    """
}
