  /* Runs the sections in the study's order, then writes the self-check for automated tests. A
   * section's heading is its type's label; the step's name is added only when two steps share a
   * type; a step's params.title (text, or {en, zh}) replaces both. */
  var typeCount = {};
  D.steps.forEach(function (step) { typeCount[step.type] = (typeCount[step.type] || 0) + 1; });
  D.steps.forEach(function (step) {
    var base = renderers[step.type] && has(step.type) ? store[step.type] : T.generic;
    var heading = titleText(step.params.title) || (typeCount[step.type] > 1 ? base + paren(step.name) : base);
    var sec = section('step-' + step.name, heading);
    try {
      (renderers[step.type] || generic)(step, sec);
    } catch (e) {
      errors.push(step.name + ': ' + e.message);
      throw e;
    }
  });
  if (!said) say(T.noSummary);
  var foot = el('footer', {}, 'nqpf ' + D.version);
  app.appendChild(foot);

  /* Self-check for automated tests: how many chart containers hold a drawn canvas or SVG, how many
   * charts have a legend or visualMap, script and catalogue errors, and what the sections put in
   * selfCheck (the LISA map's unit -> category as data-lisa). */
  function drawn(div) {
    var cv = div.querySelector('canvas');
    if (cv && cv.width > 0 && cv.height > 0) {
      var px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
      for (var i = 3; i < px.length; i += 4 * 7) if (px[i] !== 0) return true;
      return false;
    }
    return !!div.querySelector('svg path, svg rect');
  }
  var boxes = document.querySelectorAll('.chart'), ok = 0;
  Array.prototype.forEach.call(boxes, function (b) { if (drawn(b)) ok++; });
  var check = el('div', {id: 'nqpf-check', hidden: 'hidden'});
  check.setAttribute('data-charts', String(boxes.length));
  check.setAttribute('data-drawn', String(ok));
  check.setAttribute('data-legends', String(document.querySelectorAll('.chart[data-legend]').length));
  check.setAttribute('data-renderer', RENDERER);
  Object.keys(selfCheck).forEach(function (k) { check.setAttribute('data-' + k, JSON.stringify(selfCheck[k])); });
  check.setAttribute('data-errors', String(errors.length));
  check.textContent = errors.join(' | ');
  document.body.appendChild(check);
