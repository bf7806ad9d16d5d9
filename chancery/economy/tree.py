"""A project's page beyond the generic one: the tree of components it is part of, and the
corridors it belongs to through the projects above it. A constant number of queries whatever the
tree's size (one recursive query for the tree)."""

from collections import defaultdict

from .models import Corridor, Project, ancestors_of, tree_of


def project_tree(project, user):
    """The tree `project` is part of, from its highest visible ancestor down, as nested nodes
    ({"project", "current", "components"}). It goes only through projects the user may see:
    the components of a hidden project are not shown in it."""
    nodes = {p.pk: p for p in Project.objects.visible_to(user).filter(pk__in=tree_of(project.pk))}
    components = defaultdict(list)
    for node in nodes.values():  # in the model's order (by name)
        if node.parent_id in nodes and node.parent_id != node.pk:
            components[node.parent_id].append(node)
    top, path = project, [project]
    while top.parent_id in nodes and nodes[top.parent_id] not in path:
        top = nodes[top.parent_id]
        path.insert(0, top)
    seen = set()

    def branch(node):
        seen.add(node.pk)
        return {
            "project": node,
            "current": node.pk == project.pk,
            "components": [branch(c) for c in components[node.pk] if c.pk not in seen],
        }

    return branch(top), path[:-1]


def corridors_above(project, user):
    """The corridors the user may see that hold one of the (visible) projects `project` is a
    component of, but not `project` itself (those the generic page lists)."""
    above = Project.objects.visible_to(user).filter(pk__in=ancestors_of(project.pk))
    return (
        Corridor.objects.visible_to(user)
        .filter(projects__in=above.exclude(pk=project.pk))
        .exclude(projects=project)
        .distinct()
        .order_by("name")
    )


def project_context(project, user):
    """What the project page shows beyond the generic record page (ProjectType.detail_context)."""
    tree, ancestors = project_tree(project, user)
    return {
        "tree": tree,
        "ancestors": ancestors,
        "corridors_above": list(corridors_above(project, user)),
    }
