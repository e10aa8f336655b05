"""Routes as the window shows them: a traced network path (and, with the mail work, a mail's
Received chain) turned into `route_marks.ShownRoute`, every sentence in the reader's language."""

from __future__ import annotations

from gettext import NullTranslations

from app.core.i18n import message
from app.core.route_marks import RouteStop, ShownRoute
from app.core.routes.path import LocatedPath, summary

NO_ANSWER = message("no answer (the router stays silent)")
PRIVATE = message("inside a private network (not located)")


def shown_path(located: LocatedPath, tr: NullTranslations) -> ShownRoute:
    """A traced path: one stop per hop (silent ones kept, with their number), the target
    named in the title, the EU/EEA crossings in the summary."""
    stops = []
    for hop in located.hops:
        answer = hop.located
        if answer is None:
            stops.append(RouteStop(hop.number, "", None, None, note=NO_ANSWER.text(tr)))
        elif not answer.scope.is_locatable:
            stops.append(RouteStop(hop.number, "", answer.ip, None, note=PRIVATE.text(tr)))
        else:
            name = answer.endpoint.hostname or ""
            stops.append(RouteStop(hop.number, name, answer.ip, answer))
    title = message("The path to {target}", target=located.path.target).text(tr)
    return ShownRoute(title, tuple(stops), summary(located, tr))
