from django import template

from station.directory import display

register = template.Library()

register.filter("position_title", display.title)
register.filter("position_hours", display.hours)
register.filter("position_flexibilities", display.flexibilities)
register.filter("position_pay", display.pay)
register.filter("position_openings", display.openings)
