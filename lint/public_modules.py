"""An import-linter contract: feature apps use each other only through a named public module.

A feature app (grids, directory, ...) may import another feature app's `public` module and
nothing else of it, so each app can rearrange its insides without breaking a neighbour. The
layers contract in .importlinter gives the direction; this contract gives the door.
"""

from importlinter import Contract, ContractCheck, fields, output


class PublicModulesContract(Contract):
    """Each of `apps` imports the others only through `<app>.<public_module>`."""

    type_name = "public_modules"

    apps = fields.ListField(subfield=fields.StringField())
    public_module = fields.StringField(required=False, default="public")

    def check(self, graph, verbose):
        apps = list(self.apps)
        illegal = []
        for importer_app in apps:
            importers = {importer_app} | graph.find_descendants(importer_app)
            for imported_app in apps:
                if imported_app == importer_app:
                    continue
                door = f"{imported_app}.{self.public_module}"
                # An app without a public module offers nothing but its (empty) package.
                inside_door = graph.find_descendants(door) if door in graph.modules else set()
                allowed = {imported_app, door} | inside_door
                for imported in sorted(graph.find_descendants(imported_app) - allowed):
                    for importer in sorted(graph.find_modules_that_directly_import(imported)):
                        if importer in importers:
                            lines = [
                                detail["line_number"]
                                for detail in graph.get_import_details(
                                    importer=importer, imported=imported
                                )
                            ]
                            illegal.append((importer, imported, door, lines))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check):
        for importer, imported, door, lines in check.metadata["illegal"]:
            where = ", ".join(f"l.{line}" for line in lines)
            output.print_error(f"{importer} -> {imported} ({where}): import it through {door}")
            output.new_line()
