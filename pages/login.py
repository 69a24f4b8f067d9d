"""Sign in."""

from pages._widgets import login_form

login_form()
