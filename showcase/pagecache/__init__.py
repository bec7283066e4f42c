"""The showcase's page cache: anonymous visitors' pages kept in the shared cache.

A showcase page (home, listings, products, cooperatives, stories) looks the same to every
visitor who has no session: no cart, not signed in, no message waiting. Those visitors are
served the page from the shared cache (Redis in production) once it has been rendered; a
visitor with a session, a POST, or a query string the page does not read always gets a page
rendered for her. Nothing per visitor is kept in the shared copy: the one thing that would be,
the add-to-cart form's CSRF token, is kept as a hole and filled in for each visitor.

``store`` keeps the entries and purges them; ``middleware`` serves and stores them;
``purge`` knows which pages show a page or a product and purges them when either changes
(and a front proxy too, when FRONTEND_CACHE names one).

wagtail-cache (coderedcorp), the well-kept library for this, requires Wagtail < 8 and bakes
CSRF tokens into its copies (it skips pages that set the CSRF cookie), so the product pages,
the ones buyers act on, would never be cached: hence this small module, built on Django's own
cache API and ``django.utils.cache`` helpers and Wagtail's frontend-cache ``PurgeBatch``.
"""
