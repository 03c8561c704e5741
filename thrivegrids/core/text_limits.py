"""How long each kind of text may be, declared once for content files and forms.

Content files (grids, measures, urgent help) use these through the text types in
core.yaml_models; forms through `max_length`. The limits leave room (at least twice the longest
text shipped in content/) while refusing a text pasted in by mistake long before it can slow a
page, a PDF or the readability checks. docs/content-format.md lists every content field's limit
(a test checks the table against the models); docs/conventions.md lists the forms'.
"""

# A word kept as written (a medicine, a service in `names`).
WORD = 80
# A title, a name, a question, an answer's label, a contact's opening hours.
SHORT = 150
# A sentence or two: a summary, the authors, who provides an option, a number with its meaning.
MEDIUM = 500
# A paragraph: a cell, the condition or decision, the limits of the evidence.
LONG = 1_000
# Several paragraphs: what an option is, on the reverse side of the grid.
DETAIL = 3_000
# Free text typed into a form: a local note, what happens next in a conversation.
NOTE = 4_000

# A whole content file, in characters: the largest shipped is about 45,000. Checked before the
# YAML is read, so a huge file is refused at once, at the line where it passes the limit.
CONTENT_FILE = 1_000_000
