"""``{% shared_fragment "name" %} … {% endshared_fragment %}``: a part of a showcase page that
is the same for every visitor, kept in the shared cache (showcase.pagecache.fragments). Only
what holds nothing of the visitor (no CSRF token, user or cart) may go inside."""

from django import template

from showcase.pagecache.fragments import fragment_html

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: template.base.FilterExpression):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        return fragment_html(
            request=context.get("request"),
            name=str(self.name.resolve(context)),
            render=lambda: self.nodelist.render(context),
        )


@register.tag("shared_fragment")
def shared_fragment(parser, token) -> SharedFragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, parser.compile_filter(bits[1]))
