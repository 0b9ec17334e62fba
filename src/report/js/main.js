  /* Runs the sections in the study's order, then writes the self-check for automated tests. */
  D.steps.forEach(function (step) {
    var heading = step.params.title || (renderers[step.type] ? T[step.type] || step.type : T.generic) + ' — ' + step.name;
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

  /* Self-check for automated tests: how many chart containers hold a drawn canvas or SVG. */
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
  check.setAttribute('data-errors', String(errors.length));
  check.textContent = errors.join(' | ');
  document.body.appendChild(check);
