/* The review queue's per-row controls (reason, label) belong to the separate #queue-decide form: keep
 * their changes from Django's changelist script, which would otherwise warn about "unsaved changes" before
 * every bulk action; and ask before suspending an account. */
'use strict';
{
    function ready(fn) {
        if (document.readyState !== 'loading') {
            fn();
        } else {
            document.addEventListener('DOMContentLoaded', fn);
        }
    }

    ready(function() {
        document.querySelectorAll('.queue-input').forEach(function(el) {
            el.addEventListener('change', function(event) {
                event.stopPropagation();
            });
        });
        document.querySelectorAll('button[data-confirm]').forEach(function(el) {
            el.addEventListener('click', function(event) {
                if (!window.confirm(el.dataset.confirm)) {
                    event.preventDefault();
                }
            });
        });
    });
}
