"""What the browser tests do on a page as a user does it."""


def pick(page, select, text):
    """Choose the record named `text` in the type-to-find select `select` (a CSS selector of the
    <select>): type part of its name, then click it among the answers."""
    page.locator(f"{select} + .ts-wrapper .ts-control").click()
    page.keyboard.type(text)
    page.locator(".ts-dropdown .option", has_text=text).first.click()
    page.keyboard.press("Escape")
