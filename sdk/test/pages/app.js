/* global window, document, performance, XMLHttpRequest, PulseTrace */
// The demo app: starts the SDK from the settings the page server templated into PT_TEST, and
// wires the buttons the tests click. Plain ES2020, no build step.
(function () {
  var test = JSON.parse(document.getElementById('pt-test').textContent);
  window.PT_TEST = test;
  var config = Object.assign(
    {
      endpoint: test.endpoint,
      key: test.key,
      service: 'sdk-e2e',
      release: '1.2.3',
      environment: 'e2e',
      batchDelayMs: 200,
      debug: true,
    },
    test.init,
  );
  window.ptInitResult = PulseTrace.init(config);

  function explode() {
    throw new TypeError('boom from click');
  }

  function onBoomClick() {
    console.error('about to fail', 42);
    explode();
  }

  function rejectLater() {
    Promise.reject(new RangeError('rejected on purpose'));
  }

  function busy(ms) {
    var end = performance.now() + ms;
    while (performance.now() < end) {
      /* a slow handler: INP */
    }
  }

  window.app = {
    xhr: function (method, url) {
      return new Promise(function (resolve, reject) {
        var x = new XMLHttpRequest();
        x.open(method, url);
        x.setRequestHeader('content-type', 'application/json');
        x.onload = function () {
          resolve({ status: x.status, body: JSON.parse(x.responseText) });
        };
        x.onerror = function () {
          reject(new Error('xhr failed'));
        };
        x.send(method === 'GET' ? null : '{"sku":"12345"}');
      });
    },
    captureCheckoutFailure: function () {
      var root = new RangeError('db down');
      var mid = new Error('query failed', { cause: root });
      var top = new Error('checkout failed', { cause: mid });
      PulseTrace.captureException(top, {
        fingerprint: ['checkout', 'payment-db'],
        attributes: { order_id: 'o-42' },
      });
    },
  };

  document.addEventListener('DOMContentLoaded', function () {
    document.getElementById('boom').addEventListener('click', onBoomClick);
    document.getElementById('reject').addEventListener('click', rejectLater);
    document.getElementById('slow').addEventListener('click', function () {
      busy(150);
    });
  });
})();
