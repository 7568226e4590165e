"""maplayers"""
