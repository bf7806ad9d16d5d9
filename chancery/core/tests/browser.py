"""What the browser tests do on a page as a user does it."""


def pick(page, select, text, typed=None):
    """Choose the record named `text` in the type-to-find select `select` (a CSS selector of the
    <select>): type its name (or `typed`, part of it), then click it among the answers."""
    page.locator(f"{select} + .ts-wrapper .ts-control").click()
    page.keyboard.type(typed or text)
    page.locator(".ts-dropdown .option", has_text=text).first.click()
    page.keyboard.press("Escape")
