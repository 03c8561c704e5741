from django.http import HttpResponse

def list_topics(request): return HttpResponse("")
show_grid = grid_pdf = show_grid_version = grid_version_pdf = show_changes = list_topics
