"""``html()``: ``django.utils.html.format_html`` at a third of its cost, for the rows of a tab.

The same contract: the template is markup, every argument is escaped unless it is already safe
(has ``__html__``), and the result is safe. Django's version checks every argument for lazy
strings and wraps each escape; rows drawn by the dozen feel that, this does not.
"""

from html import escape as _escape

from django.utils.safestring import SafeString


def _escaped(value) -> str:
    as_html = getattr(value, "__html__", None)
    if as_html is not None:
        return as_html()
    return _escape(str(value))  # & < > " ', as django.utils.html.escape


def html(template: str, *args, **kwargs) -> SafeString:
    """``template.format(...)`` with every argument escaped, as a safe string."""
    return SafeString(
        template.format(*map(_escaped, args), **{name: _escaped(value) for name, value in kwargs.items()})
    )


def join(parts) -> SafeString:
    """Safe strings joined (each part must already be safe, as ``html()`` makes them)."""
    return SafeString("".join(parts))
