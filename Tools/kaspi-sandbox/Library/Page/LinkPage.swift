/// The page a `qr/create-link` link opens (`/pay/<id>`): the amount, the status, the time left and «Оплатить».
enum LinkPage {
    static func html(paymentId: Int64) -> String {
        """
        <!doctype html>
        <html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>Kaspi — оплата</title><style>\(PageStyle.css)</style></head>
        <body>
        <header>Kaspi<small>оплата по ссылке</small></header>
        <main><section id="payment" data-payment-id="\(paymentId)"><p class="muted">Загружаем платёж № \(paymentId)…</p></section></main>
        <script>
        \(PageStyle.script)
        const paymentId = \(paymentId);
        async function load() {
          const box = document.getElementById('payment');
          try {
            const p = await api('GET', 'payments/' + paymentId);
            const open = p.status === 'QrTokenCreated' || p.status === 'Wait';
            box.innerHTML = '<h2>Оплата покупки</h2><div class="amount">' + esc(p.amount_display) + '</div>' +
              '<p class="muted">Продавец: ЖильеGO · № ' + p.id + (p.external_id ? ' · заказ ' + esc(p.external_id) : '') + '</p>' +
              '<p><span class="status ' + p.status + '">' + esc(statusText(p)) + '</span> ' +
              (open ? esc(leftText(p.seconds_left)) : '') + '</p>' +
              (open ? '<button class="pay" id="pay">Оплатить</button> <button id="decline">Отклонить</button>' : '');
            if (open) {
              document.getElementById('pay').onclick = () => act('pay');
              document.getElementById('decline').onclick = () => act('decline');
            }
          } catch (error) {
            box.innerHTML = '<p class="error">' + esc(error.message) + '</p>';
          }
        }
        async function act(action) {
          try { await api('POST', 'payments/' + paymentId + '/' + action); } catch (error) { alert(error.message); }
          load();
        }
        load();
        setInterval(load, 2000);
        </script>
        </body></html>
        """
    }

    static let notFound = """
    <!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Kaspi</title><style>\(PageStyle.css)</style></head>
    <body><header>Kaspi</header><main><section><p>Платёж не найден.</p></section></main></body></html>
    """
}
